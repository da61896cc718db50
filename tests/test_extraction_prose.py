"""Cases told in prose: which sentences open a case, where it ends, and what is no case.

The paragraphs are written for these tests in the style of TIP-report cables; none is
taken from the corpus.
"""

import pytest

from cases.extraction.prose import find_incidents, mentions_trafficking, tells_a_case


def _told(text: str) -> list[str]:
    return [text[incident.start : incident.end] for incident in find_incidents(text)]


STATISTICS = (
    "During the reporting period, police conducted 112 raids on brothels, rescued 230 "
    "trafficking victims and arrested 95 suspects. Courts convicted 14 traffickers in 2008."
)


def test_several_cases_in_one_paragraph_each_with_its_sentences():
    """Statistics are no case; each example after them is one, pinned to its own sentences,
    with the sentences that go on about it."""
    first = (
        "In March 2008, police in Mombasa arrested two Kenyan men for trafficking five "
        "Ugandan girls into prostitution. The girls were returned to Kampala."
    )
    second = (
        "In a separate case, a Nairobi court convicted a Somali woman of forcing three "
        "Ethiopian maids to work without pay."
    )
    text = f"{STATISTICS} {first} {second} The government also funded a new shelter."
    assert _told(text) == [first, second]


@pytest.mark.parametrize(
    "sentence",
    [
        STATISTICS,
        "Police opened 45 trafficking investigations and convicted 12 traffickers last year.",
        "The law punishes trafficking; a person convicted of it can be sentenced to 15 years.",
        "Women from Moldova are trafficked to Turkey and the Gulf for sexual exploitation.",
        "Has the government prosecuted any official for complicity in trafficking in 2008?",
        "The country has not been asked to extradite a trafficking suspect in 2008.",
        "In May 2008, 40 police officers participated in a training course on trafficking.",
        "On April 16, the Ambassador met the Minister to discuss the TIP report and its tiers.",
        "In June 2008, police arrested three Colombians for trafficking 200 kilos of cocaine.",
        "In May 2008, authorities arrested a Singaporean who smuggled four Chinese migrants.",
        "NGOs believe that officials in the border towns are complicit with traffickers.",
    ],
)
def test_what_the_guide_rules_out(sentence):
    """Statistics, the law, trends, questions, negations, trainings, the embassy's own
    business, drugs, migrant smuggling and allegations without an event are no case."""
    assert _told(sentence) == []


def test_a_case_opened_plainly_and_named_in_the_next_sentence():
    """A plain opening ("arrested two women running an agency") is a case when the
    sentences that continue it say what it was."""
    text = (
        "In January 2007, authorities in Peru arrested two women running an employment "
        "agency. The agency offered Bolivian women jobs as waitresses, but upon arrival the "
        "victims were forced into prostitution."
    )
    assert _told(text) == [text]


def test_what_happened_during_the_investigation_goes_on_with_the_case():
    """A sentence set in the case's investigation or trial belongs to it, though it names
    nobody again."""
    case = (
        "In 2006, police in Tartu arrested two men for trafficking teenage girls into "
        "prostitution abroad. During the investigation, a recruiter admitted that she had "
        "promised them work as dancers."
    )
    text = f"{case} The ministry opened a hotline for victims in 2007."
    assert _told(text) == [case]


def test_what_did_not_happen_in_the_case_goes_on_with_it():
    """A negation that refers back to the case tells how it ended; one that does not is no
    part of it."""
    case = (
        "In 2008, police in Durres arrested three men for forcing two girls into "
        "prostitution. The investigation was closed in May without any charges."
    )
    text = f"{case} No other trafficking suspects have been identified this year."
    assert _told(text) == [case]


def test_a_new_date_and_someone_new_is_a_case_of_its_own():
    """ "On October 22, the same court convicted a second registrar" follows a case but is
    another one."""
    first = (
        "On October 19, a court in Tanta sentenced a marriage registrar to two years in prison "
        "for registering the marriages of 50 under-age girls."
    )
    second = (
        "On October 22, the same court convicted a second registrar of the same offense and "
        "sentenced him to two years."
    )
    assert _told(f"{first} {second}") == [first, second]


def test_a_name_named_again_goes_on_with_the_case():
    """A sentence that names the case's suspect again goes on with it, even dated."""
    text = (
        "In October, prosecutors indicted Maria Kowalczyk on charges of trafficking a woman "
        "into prostitution. On December 1, the district court acquitted Kowalczyk of "
        "trafficking but convicted her of pimping."
    )
    assert _told(text) == [text]


def test_a_name_named_again_with_what_did_not_happen_goes_on_with_the_case():
    """Naming the suspect again is referring back, so the negation that tells how the case
    ended belongs to it, as it does after a pronoun."""
    case = (
        "In March, police in Kaunas arrested Petras Zukauskas for selling two women to a "
        "brothel in Germany. Prosecutors did not charge Zukauskas."
    )
    text = f"{case} No other trafficking suspects have been identified this year."
    assert _told(text) == [case]


def test_the_authorities_efforts_in_the_case_go_on_with_it():
    """An effort of the authorities that refers back to the case inside it (the evidence,
    the charges) is part of its story; their efforts in general are not."""
    case = (
        "In May, police in Kaunas arrested two men for selling three women to a brothel in "
        "Germany. Despite an effort by investigators to locate the women, prosecutors found "
        "the evidence insufficient for trafficking charges. The two men were charged with "
        "pimping instead."
    )
    text = f"{case} The ministry also continued its efforts to train border guards."
    assert _told(text) == [case]


def test_items_of_a_list_of_cases():
    """Each item of a list announced as cases is a case of its own."""
    text = (
        "The NGO knew of three cases: -- a Guatemalan woman kidnapped for sexual exploitation "
        "who escaped; -- two Nicaraguan girls forced into prostitution in a bar in Liberia;"
    )
    told = _told(text)
    assert len(told) == 2
    assert told[0].startswith("a Guatemalan woman")
    assert told[1].startswith("two Nicaraguan girls")


def test_confidence_is_lower_for_hearsay():
    """A case reported with "allegedly" is less sure than one reported plainly."""
    plain = "In March 2008, police rescued four Nepali women from a brothel in Delhi."
    hedged = "In March 2008, police allegedly rescued four Nepali women from a brothel in Delhi."
    (sure,) = find_incidents(plain)
    (less,) = find_incidents(hedged)
    assert less.confidence < sure.confidence


def test_trafficking_in_goods_is_not_trafficking_in_persons():
    """ "Drug trafficking" and "trafficking 1 kg of heroin" are not about people."""
    assert not tells_a_case("Police arrested a drug trafficker who sold heroin to students.")
    assert tells_a_case("Police arrested a man who trafficked three women into a brothel.")


def test_words_that_mention_trafficking():
    """ "TIP" counts only in capitals: "the tip of the iceberg" does not."""
    assert mentions_trafficking("The TIP report was released.")
    assert not mentions_trafficking("This arrest is only the tip of the iceberg.")
    assert mentions_trafficking("Girls were forced into prostitution.")
    assert not mentions_trafficking("The minister discussed wheat exports.")
