"""A rough passphrase strength score for the setup wizard's meter.

It rewards length and variety and punishes repetition and a short list of very common choices;
the vault's Argon2id does the real protecting, this only steers people away from weak choices.
"""

from __future__ import annotations

import math
import string

MIN_LENGTH = 10
_COMMON = {
    "password",
    "passw0rd",
    "letmein",
    "qwerty",
    "123456",
    "12345678",
    "iloveyou",
    "welcome",
    "admin",
    "monkey",
    "dragon",
    "odesk",
    "nhs",
}


def entropy_bits(text: str) -> float:
    """Estimated bits: length x log2(alphabet), with repeats and common words discounted."""
    if not text:
        return 0.0
    alphabet = 0
    if any(c in string.ascii_lowercase for c in text):
        alphabet += 26
    if any(c in string.ascii_uppercase for c in text):
        alphabet += 26
    if any(c in string.digits for c in text):
        alphabet += 10
    if any(c in string.punctuation or c == " " for c in text):
        alphabet += 33
    if any(ord(c) > 127 for c in text):
        alphabet += 100
    distinct = len(set(text))
    effective = min(len(text), distinct * 2)
    bits = effective * math.log2(max(alphabet, 2))
    lowered = text.lower()
    for word in _COMMON:
        if word in lowered:
            bits -= len(word) * math.log2(max(alphabet, 2)) * 0.8
    return max(bits, 0.0)


def strength(text: str) -> tuple[int, str]:
    """(score 0..4, a word for it). Below 3 the wizard will not continue."""
    bits = entropy_bits(text)
    if len(text) < MIN_LENGTH:
        score = 0 if bits < 28 else 1
    elif bits < 40:
        score = 1
    elif bits < 55:
        score = 2
    elif bits < 75:
        score = 3
    else:
        score = 4
    labels = ("too weak", "weak", "fair", "good", "strong")
    return score, labels[score]


ACCEPTABLE = 3
