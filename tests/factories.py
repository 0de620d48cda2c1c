"""Test data factories. Users get a role through traits: ``UserFactory(regio=True)``."""

import factory

from pow_portal.constants import Role
from pow_portal.models import Arbeidsmarktregio, User

PASSWORD = "correct-horse-battery"


def region(name="Helmond-De Peel"):
    """One of the 35 seeded regions (the data migration ships them)."""
    return Arbeidsmarktregio.objects.get(name=name)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nl")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    role = Role.ONDERSTEUNINGSTEAM
    region = None
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    class Params:
        regio = factory.Trait(role=Role.REGIO, region=factory.LazyFunction(region))
        ondersteuningsteam = factory.Trait(role=Role.ONDERSTEUNINGSTEAM)
        stuurgroep = factory.Trait(role=Role.STUURGROEP)
        ministerie = factory.Trait(role=Role.MINISTERIE)
        beheerder = factory.Trait(role=Role.BEHEERDER)
