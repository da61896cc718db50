"""Previous and next cases within the list an analyst came from.

The list links to a case as ``/cases/<key>/?back=<the list's query string>``: the case keeps
its one permalink, and the page can still step through the list and return to it. The
neighbours come from the facet index, in the list's own order whatever sort the query
chose, never by loading the list.
"""

from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode

from ..models import Case
from .filters import CaseFilter, PageForm
from .listing import selected_cases


@dataclass(frozen=True)
class ListPosition:
    list_url: str
    previous_url: str | None
    next_url: str | None


def position_in_list(case: Case, back: str) -> ListPosition:
    """Where ``case`` stands in the list that the query string ``back`` selects.

    An invalid ``back`` is ignored, as if the analyst came from the whole list.
    """
    query = QueryDict(back)
    filterset = CaseFilter(query, queryset=Case.objects.published().for_list())
    if not (filterset.is_valid() and PageForm(query).is_valid()):
        return position_in_list(case, "")
    back = query.urlencode()
    previous, following = selected_cases(filterset).neighbours(case.pk)
    wanted = [pk for pk in (previous, following) if pk]
    keys = dict(Case.objects.filter(pk__in=wanted).values_list("pk", "key")) if wanted else {}
    return ListPosition(
        list_url=f"{reverse('cases:case-list')}?{back}" if back else reverse("cases:case-list"),
        previous_url=case_url(keys[previous], back) if previous in keys else None,
        next_url=case_url(keys[following], back) if following in keys else None,
    )


def case_url(key: str, back: str) -> str:
    url = reverse("cases:case-detail", kwargs={"key": key})
    return f"{url}?{urlencode({'back': back})}" if back else url
