# The bottom layer's models: the audit log (moved from access, its table kept) and the journal.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('access', '0002_auditentry_to_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # access.0001 made the table; only Django's idea of which app owns it changes.
            state_operations=[
                migrations.CreateModel(
                    name='AuditEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='at')),
                        ('action', models.CharField(db_index=True, max_length=60, verbose_name='action')),
                        ('object_type', models.CharField(max_length=60, verbose_name='object type')),
                        ('object_key', models.CharField(max_length=120, verbose_name='object')),
                        ('before', models.JSONField(blank=True, null=True)),
                        ('after', models.JSONField(blank=True, null=True)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'audit entry',
                        'verbose_name_plural': 'audit entries',
                        'ordering': ['-at', '-id'],
                        'db_table': 'access_auditentry',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name='JournalEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scope', models.CharField(max_length=120)),
                ('kind', models.CharField(max_length=60)),
                ('payload', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name_plural': 'journal entries',
                'ordering': ['id'],
                'indexes': [models.Index(fields=['scope', 'id'], name='journal_scope_id')],
            },
        ),
    ]
