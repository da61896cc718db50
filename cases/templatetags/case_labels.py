"""Readable labels for the codes that case fields store."""

from django import template

from .. import labels

register = template.Library()

register.filter("sector_label", labels.sector_label)
register.filter("exploitation_type_label", labels.exploitation_type_label)
register.filter("means_of_control_label", labels.means_of_control_label)
register.filter("case_title", labels.case_title)
