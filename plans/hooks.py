"""Extension points: apps above plans (review) add to the region's plan pages without plans importing them.

A provider is ``provider(plan) -> dict`` registered in the providing app's ``AppConfig.ready``. The plan
pages merge what all providers return into their context as ``extras`` and render the optional keys:

- ``comments``: ``{section key: [comment, …]}`` on the latest submitted version (each has ``text``, ``created_at``)
- ``banners``: ``[template name, …]`` rendered above the plan's sections with ``plan`` and ``extras``
"""

import logging

logger = logging.getLogger(__name__)

_providers = []


def register_plan_extras(provider):
    """Register ``provider``; usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def plan_extras(plan) -> dict:
    extras = {"comments": {}, "banners": []}
    for provider in _providers:
        for key, value in provider(plan).items():
            if isinstance(value, list):
                extras.setdefault(key, []).extend(value)
            elif isinstance(value, dict):
                extras.setdefault(key, {}).update(value)
            else:
                extras[key] = value
    return extras
