"""Run as a script: two threads appoint two chairs of one body at once, on the database the
environment configures; prints one outcome per thread and the number of chairs stored."""

from __future__ import annotations

import datetime as dt
import os
import threading


def race() -> tuple[list[str], int]:
    from django.core.exceptions import ValidationError
    from django.db import OperationalError, connection

    from chapterhouse.organizations.factories import make_body
    from chapterhouse.people.factories import make_person, standard_positions
    from chapterhouse.people.models import Appointment
    from chapterhouse.people.services import appointment_make

    body = make_body(key="race-body")
    chair = standard_positions()["chair"]
    people = [make_person(key=f"candidate-{i}") for i in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def appoint(index: int) -> None:
        try:
            barrier.wait()
            appointment_make(
                person=people[index],
                body=body,
                position=chair,
                starts_on=dt.date(2026, 1, 1),
                by=None,
            )
            outcomes.append("made")
        except ValidationError:
            outcomes.append("refused")
        except OperationalError as error:
            outcomes.append(f"busy: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=appoint, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes), Appointment.objects.filter(body=body, position=chair).count()


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chapterhouse.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    outcomes, chairs = race()
    print(" ".join(outcomes), chairs)
