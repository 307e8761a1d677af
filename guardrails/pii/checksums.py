"""Check digits of Japanese and card identifiers (pure functions on digit strings)."""

from __future__ import annotations


def digits_only(text: str) -> str:
    """The ASCII digits of `text`, in order."""
    return "".join(ch for ch in text if "0" <= ch <= "9")


def my_number_check_digit(first11: str) -> int:
    """Check digit of an individual number (マイナンバー) from its first 11 digits.

    Ministry ordinance: with P_n the n-th digit counted from the right of the first
    11 and Q_n = n + 1 (n <= 6) or n - 5 (n >= 7), the remainder r of sum(P_n * Q_n)
    by 11 gives check digit 0 when r <= 1, else 11 - r.
    """
    if len(first11) != 11 or not first11.isdigit():
        raise ValueError("need 11 digits")
    total = 0
    for n, ch in enumerate(reversed(first11), start=1):
        q = n + 1 if n <= 6 else n - 5
        total += int(ch) * q
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_valid_my_number(text: str) -> bool:
    """True for 12 digits whose last digit is the My Number check digit."""
    digits = digits_only(text)
    if len(digits) != 12 or len(set(digits)) == 1:
        return False
    return my_number_check_digit(digits[:11]) == int(digits[11])


def _luhn_sum_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def luhn_valid(text: str) -> bool:
    """Luhn (mod 10) check used by payment card numbers; 13 to 19 digits, not all the same."""
    digits = digits_only(text)
    if not 13 <= len(digits) <= 19 or len(set(digits)) == 1:
        return False
    return _luhn_sum_ok(digits)


def luhn_check_digit(partial: str) -> int:
    """The digit that makes `partial` followed by it pass the Luhn check."""
    return next(c for c in range(10) if _luhn_sum_ok(partial + str(c)))
