# Tests run with the test settings even when pytest is called directly.
import os

os.environ.setdefault("GEO_ENV", "test")
