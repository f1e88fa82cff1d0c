"""The passphrase policy: one estimator for the setup wizard, the recovery dialog, `odesk init`
and `odesk passwd`, so the app and the command line accept exactly the same passphrases.

The estimate is zxcvbn's (dictionaries of common passwords, names and words, keyboard patterns,
dates, repeats), a maintained port of the estimator used by password managers, rather than a
hand-written alphabet-size guess. The vault's Argon2id does the real protecting; this steers people
away from choices an attacker with a stolen laptop would try first.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

MIN_LENGTH = 10
ACCEPTABLE = 3  # zxcvbn's "safely unguessable" (about 10^8 guesses or more); below it, refused
LABELS = ("too weak", "weak", "fair", "good", "strong")
# zxcvbn refuses longer input; the first 72 characters of a passphrase bound its strength from below.
_MAX_SCORED = 72
# Words of this product and its setting that someone might build a passphrase from.
_CONTEXT = ("odesk", "nhs", "trust", "open dialogue", "opendialogue", "network", "meeting")


def strength(text: str, user_inputs: tuple[str, ...] = ()) -> tuple[int, str]:
    """(score 0..4, a word for it). `user_inputs`: the user's own name and the like."""
    if not text:
        return 0, LABELS[0]
    score = int(zxcvbn(text[:_MAX_SCORED], user_inputs=[*_CONTEXT, *user_inputs])["score"])
    if len(text) < MIN_LENGTH:
        score = min(score, ACCEPTABLE - 1)
    return score, LABELS[score]


def refusal(text: str, user_inputs: tuple[str, ...] = ()) -> str | None:
    """Why a new passphrase is refused, in one line, or None when it is acceptable."""
    if not text:
        return "the passphrase must not be empty"
    if len(text) < MIN_LENGTH:
        return (
            f"the passphrase is too short ({len(text)} characters, at least {MIN_LENGTH}):"
            " use four or more unrelated words"
        )
    score, word = strength(text, user_inputs)
    if score < ACCEPTABLE:
        return f"the passphrase is too easy to guess ({word}): make it longer, e.g. four unrelated words"
    return None
