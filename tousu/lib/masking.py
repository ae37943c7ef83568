"""Masked display of personal data (e.g. 138****5678), the default everywhere."""


def mask_phone(value: str) -> str:
    digits = value.strip()
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    if len(digits) > 4:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * len(digits)


def mask_name(value: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***, John Smith → J*********."""
    value = value.strip()
    if not value:
        return ""
    return value[0] + "*" * max(len(value) - 1, 1)


def mask_id_number(value: str) -> str:
    """Keep the region prefix and the last four: 110101********1234."""
    value = value.strip()
    if len(value) <= 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_address(value: str) -> str:
    """Keep the district-level start; hide the house number."""
    value = value.strip()
    if len(value) <= 6:
        return value[:2] + "*" * max(len(value) - 2, 0)
    return value[:6] + "****"


def mask_email(value: str) -> str:
    """zhang.wei@example.cn → z********@example.cn (the domain says little about the person)."""
    local, at, domain = value.strip().partition("@")
    if not at:
        return mask_name(value)
    return (local[:1] + "*" * max(len(local) - 1, 1)) + "@" + domain


def mask_contact(value: str) -> str:
    """A contact address of any kind: an e-mail address, a phone number, a WeChat id."""
    value = value.strip()
    if "@" in value:
        return mask_email(value)
    if value.replace("+", "").replace("-", "").isdigit():
        return mask_phone(value)
    return mask_name(value)  # a WeChat openid: its first character only
