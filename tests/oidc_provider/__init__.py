"""A real OpenID Connect provider for the tests (django-oidc-provider), run as its own server process."""
