"""The hasher for the random initial passwords an import issues.

PBKDF2's million iterations are there to slow down guessing a password a person chose. An initial password is not
chosen: `initial_password` draws at least 62 bits from the system's random source, which no amount of guessing
reaches, hashed cheaply or not. Hashing it at full cost took a third of a second of CPU per account, so a county's
staff list of 2,000 outlasted a web request. This hasher is registered after the default one in PASSWORD_HASHERS:
Django checks it as usual, and because it is not the preferred hasher, the first successful sign-in re-hashes the
password with the default (check_password's setter), so no account keeps it past its first use."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class RandomInitialPasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sha256_random_initial"
    # Salted like the default; a few iterations only, since the secret's own entropy does the work.
    iterations = 1000
