from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """mapping[key] in a template (property names are data, not attributes)."""
    return mapping.get(key) if isinstance(mapping, dict) else None
