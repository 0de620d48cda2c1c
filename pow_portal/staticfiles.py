"""Static files with hashed names for production (whitenoise's manifest storage, far-future cached)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's compressed manifest storage, rewriting only CSS references.

    The npm packages (TinyMCE) ship JavaScript that names source maps they do not ship; Django's JS
    patterns would stop ``collectstatic`` on those. TinyMCE loads its skins and plugins by their plain names,
    which collectstatic keeps beside the hashed copies.
    """

    # ``{% static 'vendor/tinymce' %}`` names a folder (TinyMCE's base URL): served under its plain name.
    manifest_strict = False
    patterns = tuple((glob, rules) for glob, rules in CompressedManifestStaticFilesStorage.patterns if glob == "*.css")
