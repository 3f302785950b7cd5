"""Tokens encrypted at rest: Fernet (AES-128-CBC with HMAC-SHA256) from `cryptography`.

SLACK_TOKEN_ENCRYPTION_KEYS holds one key or more, comma-separated. The first encrypts; every
one of them decrypts. To rotate: put a new key first and keep the old one after it, restart,
run `python -m bot rotate-token-key` (every stored token is encrypted again with the new key),
then remove the old key and restart again.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class UnreadableTokenError(Exception):
    """A stored token that none of the configured keys decrypts (a key was removed too soon)."""


class TokenCipher:
    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise ValueError("needs at least one key")
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    @classmethod
    def from_setting(cls, setting: str) -> TokenCipher:
        """Keys as configured (comma-separated); ValueError naming what is wrong."""
        keys = [part.strip() for part in setting.split(",") if part.strip()]
        if not keys:
            raise ValueError("needs at least one key")
        for number, key in enumerate(keys, start=1):
            try:
                Fernet(key.encode())
            except ValueError:
                raise ValueError(
                    f"key {number} is not a Fernet key (32 random bytes, URL-safe base64, 44 "
                    "characters); make one with: python -m bot generate-token-key"
                ) from None
        return cls([key.encode() for key in keys])

    @staticmethod
    def generate_key() -> str:
        return Fernet.generate_key().decode()

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode()

    def decrypt(self, value: str) -> str:
        try:
            return self._fernet.decrypt(value.encode()).decode()
        except InvalidToken:
            raise UnreadableTokenError(
                "a stored token cannot be decrypted with SLACK_TOKEN_ENCRYPTION_KEYS: was the "
                "key it was written with removed before `python -m bot rotate-token-key` ran?"
            ) from None

    def rotate(self, value: str) -> str:
        """The same secret, encrypted again with the first key."""
        try:
            return self._fernet.rotate(value.encode()).decode()
        except InvalidToken:
            raise UnreadableTokenError(
                "a stored token cannot be decrypted with SLACK_TOKEN_ENCRYPTION_KEYS"
            ) from None
