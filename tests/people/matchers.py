"""Matchers built from plain data, for tests of detection and quotes that need no database."""

from people.matcher import Matcher


def registry(**people: tuple[str, ...]) -> Matcher:
    """A matcher for people given as First_Last=(aliases…), numbered from 1 in order.

    An alias may carry an office after a bar: ("Marchetti", "|Transport Minister").
    """
    forms: dict[str, set[int]] = {}
    names, offices = {}, {}
    for pk, (name, aliases) in enumerate(people.items(), 1):
        name = name.replace("_", " ")
        names[pk] = name
        for form in (name, *aliases):
            if form.startswith("|"):
                offices.setdefault(pk, []).append(form[1:])
            else:
                forms.setdefault(form, set()).add(pk)
    return Matcher(forms=forms, names=names, offices=offices)
