from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, or None."""
    return mapping.get(key) if mapping else None


@register.filter
def outline(paragraphs):
    """A cable's paragraphs (in order) as (paragraph, its sub-paragraphs) pairs, so that
    sub-paragraphs are shown nested under the paragraph they belong to."""
    pairs: list[tuple[object, list]] = []
    for paragraph in paragraphs:
        if paragraph.depth and pairs:
            pairs[-1][1].append(paragraph)
        else:
            pairs.append((paragraph, []))
    return pairs
