"""The demo people of ``lotsen up --demo``: one per role, the same ids in every service's demo data."""

DEMO_PEOPLE: dict[str, tuple[str, str]] = {
    # role: (subject, display name)
    "resident": ("demo-resident-amal", "Amal Hassan"),
    "caseworker": ("demo-caseworker-karin", "Karin Lind"),
    "sfi_admin": ("demo-sfiadmin-erik", "Erik Berg"),
    "teacher": ("demo-teacher-sara", "Sara Nilsson"),
    "auditor": ("demo-auditor-olof", "Olof Ek"),
    "admin": ("demo-admin-maria", "Maria Holm"),
    "workplace_contact": ("demo-contact-eva", "Eva Lind"),  # the contact person of a demo placement workplace
}
