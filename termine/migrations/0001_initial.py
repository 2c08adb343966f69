"""The date engine's models move here from netzwerk: state only, the tables stay as they are.

``netzwerk_daterule``, ``netzwerk_dateexception`` and ``netzwerk_occurrence`` keep their names
(``db_table``) and rows; ``netzwerk.0009`` removes the models from netzwerk's state and moves their
ContentType rows (and so the permissions) to the app label ``termine``.
"""

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
import termine.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
        ("netzwerk", "0008_review_date"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='DateException',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('original_date', models.DateField(help_text='Der Tag, an dem der Termin nach Plan stattfinden würde.', verbose_name='Betroffener Termin')),
                        ('kind', models.CharField(choices=[('cancel', 'Termin fällt aus'), ('move', 'Termin verlegt'), ('note', 'Hinweis zum Termin')], default='cancel', max_length=10, verbose_name='Art')),
                        ('new_start', models.DateTimeField(blank=True, help_text='Nur bei „Termin verlegt“.', null=True, verbose_name='Neuer Beginn')),
                        ('new_end', models.DateTimeField(blank=True, help_text='Leer: gleiche Dauer wie geplant.', null=True, verbose_name='Neues Ende')),
                        ('location_note', models.CharField(blank=True, help_text='Nur ausfüllen, wenn der Ort sich ändert.', max_length=255, verbose_name='Geänderter Ort')),
                        ('note', models.CharField(blank=True, help_text='Wird beim Termin angezeigt, z. B. der Grund.', max_length=500, verbose_name='Hinweis')),
                        ('status', models.CharField(blank=True, choices=[('EventScheduled', 'findet statt'), ('EventCancelled', 'abgesagt'), ('EventPostponed', 'verschoben'), ('EventRescheduled', 'neuer Termin'), ('EventMovedOnline', 'online verlegt')], help_text='Leer lassen: „abgesagt“ bei Ausfall, „neuer Termin“ bei Verlegung.', max_length=20, verbose_name='Status dieses Termins')),
                        ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='date_exceptions', to=settings.WAGTAIL_PAGE_MODEL)),
                    ],
                    options={
                        'verbose_name': 'Änderung eines einzelnen Termins',
                        'verbose_name_plural': 'Änderungen einzelner Termine',
                        'db_table': 'netzwerk_dateexception',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='DateRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('start_date', models.DateField(help_text='Der (erste) Tag. Bei Serien: ab diesem Tag.', verbose_name='Datum')),
                        ('start_time', models.TimeField(blank=True, null=True, verbose_name='Beginn')),
                        ('end_date', models.DateField(blank=True, help_text='Nur bei mehrtägigen Terminen, z. B. einer Freizeit von Freitag bis Sonntag.', null=True, verbose_name='Letzter Tag')),
                        ('end_time', models.TimeField(blank=True, null=True, verbose_name='Ende')),
                        ('all_day', models.BooleanField(default=False, verbose_name='ganztägig')),
                        ('frequency', models.CharField(blank=True, choices=[('', 'keine Wiederholung'), ('DAILY', 'täglich'), ('WEEKLY', 'wöchentlich'), ('MONTHLY', 'monatlich')], default='', max_length=10, verbose_name='Wiederholung')),
                        ('interval', models.PositiveSmallIntegerField(default=1, help_text='1 = jeden Tag, jede Woche oder jeden Monat; 2 = jeden zweiten usw.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(52)], verbose_name='Abstand')),
                        ('weekdays', termine.models.WeekdaysField(blank=True, default='', help_text='Bei wöchentlicher Wiederholung. Der erste Termin ist der erste gewählte Wochentag ab dem Datum.', max_length=20, verbose_name='Wochentage')),
                        ('month_ordinal', models.SmallIntegerField(blank=True, choices=[(1, 'ersten'), (2, 'zweiten'), (3, 'dritten'), (4, 'vierten'), (-1, 'letzten')], help_text='Bei monatlicher Wiederholung, z. B. am zweiten Dienstag. Leer: am selben Tag des Monats.', null=True, verbose_name='Woche im Monat')),
                        ('month_weekday', models.CharField(blank=True, choices=[('MO', 'Montag'), ('TU', 'Dienstag'), ('WE', 'Mittwoch'), ('TH', 'Donnerstag'), ('FR', 'Freitag'), ('SA', 'Samstag'), ('SU', 'Sonntag')], max_length=2, verbose_name='Wochentag im Monat')),
                        ('until', models.DateField(blank=True, help_text='Letzter möglicher Tag der Serie (einschließlich).', null=True, verbose_name='Wiederholen bis')),
                        ('count', models.PositiveSmallIntegerField(blank=True, help_text='Statt eines Enddatums: die Serie endet nach so vielen Terminen.', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(500)], verbose_name='Anzahl der Termine')),
                        ('skip_holidays', models.BooleanField(default=False, help_text='Termine an gesetzlichen Feiertagen in Thüringen finden nicht statt.', verbose_name='Feiertage auslassen')),
                        ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='date_rules', to=settings.WAGTAIL_PAGE_MODEL)),
                    ],
                    options={
                        'verbose_name': 'Termin oder Terminserie',
                        'verbose_name_plural': 'Termine und Terminserien',
                        'db_table': 'netzwerk_daterule',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Occurrence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('start', models.DateTimeField(verbose_name='Beginn')),
                        ('end', models.DateTimeField(help_text='Bei ganztägigen Terminen: Mitternacht nach dem letzten Tag.', verbose_name='Ende')),
                        ('all_day', models.BooleanField(default=False, verbose_name='ganztägig')),
                        ('status', models.CharField(choices=[('EventScheduled', 'findet statt'), ('EventCancelled', 'abgesagt'), ('EventPostponed', 'verschoben'), ('EventRescheduled', 'neuer Termin'), ('EventMovedOnline', 'online verlegt')], default='EventScheduled', max_length=20, verbose_name='Status')),
                        ('original_start', models.DateTimeField(blank=True, help_text='Nur bei verlegten Terminen.', null=True, verbose_name='Ursprünglicher Beginn')),
                        ('note', models.CharField(blank=True, max_length=500, verbose_name='Hinweis')),
                        ('location_note', models.CharField(blank=True, max_length=255, verbose_name='Geänderter Ort')),
                        ('long_span', models.BooleanField(default=False, editable=False, verbose_name='länger als eine Woche')),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='occurrences', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='Seite')),
                        ('rule', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='occurrences', to='termine.daterule', verbose_name='Terminregel')),
                    ],
                    options={
                        'verbose_name': 'Termin',
                        'verbose_name_plural': 'Termine',
                        'db_table': 'netzwerk_occurrence',
                        'ordering': ['start', 'pk'],
                        'indexes': [models.Index(fields=['start'], name='netzwerk_occ_start_idx'), models.Index(fields=['page', 'start'], name='netzwerk_occ_page_start_idx'), models.Index(fields=['long_span', 'end'], name='netzwerk_occ_long_end_idx')],
                    },
                ),
            ],
        ),
    ]
