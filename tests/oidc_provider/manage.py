#!/usr/bin/env python
"""The test OpenID Connect provider (django-oauth-toolkit); started by tests/accounts/conftest.py."""

import os
import sys

if __name__ == "__main__":
    os.environ["DJANGO_SETTINGS_MODULE"] = "provider_site.settings"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
