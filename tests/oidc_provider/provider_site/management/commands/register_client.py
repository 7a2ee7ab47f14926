from django.core.management.base import BaseCommand
from oauth2_provider.models import Application


class Command(BaseCommand):
    help = "Register the service under test as a confidential client."

    def add_arguments(self, parser):
        parser.add_argument("client_id")
        parser.add_argument("client_secret")
        parser.add_argument("redirect_uri")
        parser.add_argument("post_logout_redirect_uris")

    def handle(self, *args, **options):
        Application.objects.update_or_create(
            client_id=options["client_id"],
            defaults={
                "name": "geo-osallisuus under test",
                "client_secret": options["client_secret"],
                "client_type": Application.CLIENT_CONFIDENTIAL,
                "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
                "redirect_uris": options["redirect_uri"],
                "post_logout_redirect_uris": options["post_logout_redirect_uris"],
                "skip_authorization": True,
                "algorithm": Application.RS256_ALGORITHM,
            },
        )
