# The audit log becomes a hash chain (core.audit): two fields, then the chain computed for the
# rows already there, in id order. A user who acted is protected from deletion (deleting would
# rewrite hashed rows); `at` is set by the writer before the row is hashed.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

BATCH = 2000


def chain_existing_rows(apps, schema_editor):
    from chapterhouse.core.audit import GENESIS_HASH, HASHED_FIELDS, entry_hash

    AuditEntry = apps.get_model("core", "AuditEntry")
    db = schema_editor.connection.alias
    prev = GENESIS_HASH
    batch = []
    for entry in AuditEntry.objects.using(db).order_by("id").iterator(chunk_size=BATCH):
        entry.prev_hash = prev
        entry.hash = prev = entry_hash({f: getattr(entry, f) for f in HASHED_FIELDS})
        batch.append(entry)
        if len(batch) >= BATCH:
            AuditEntry.objects.using(db).bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    if batch:
        AuditEntry.objects.using(db).bulk_update(batch, ["prev_hash", "hash"])


def unchain(apps, schema_editor):
    """Going back drops the fields; nothing to undo first."""


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(default='', max_length=64, verbose_name='hash'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(default='', max_length=64, verbose_name='previous hash'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='at'),
        ),
        migrations.RunPython(chain_existing_rows, unchain),
    ]
