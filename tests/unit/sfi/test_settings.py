"""The municipality's settings of the SFI rules (DOMAIN DEFAULTs), read once from LOTSEN_SFI_* variables."""

from __future__ import annotations

from datetime import time

import pytest

from services.sfi_schedule.config import SfiConfig
from shared.settings import SettingsError


def test_the_defaults_are_the_domain_briefs():
    config = SfiConfig.from_env({})
    assert (config.day_start, config.day_end) == (time(8), time(16))
    assert (config.evening_start, config.evening_end) == (time(17), time(21, 30))
    assert config.evening_paths == frozenset({1, 2, 3})
    assert config.registerkontroll_months == 12
    assert config == SfiConfig()


@pytest.mark.parametrize(
    ("env", "field", "value"),
    [
        ({"LOTSEN_SFI_DAYTIME_START": "07:30"}, "day_start", time(7, 30)),
        ({"LOTSEN_SFI_DAYTIME_END": "16:30"}, "day_end", time(16, 30)),
        ({"LOTSEN_SFI_EVENING_START": "18:00"}, "evening_start", time(18)),
        ({"LOTSEN_SFI_EVENING_END": "٢٢:٠٠"}, "evening_end", time(22)),  # typed with Arabic-Indic digits
        ({"LOTSEN_SFI_EVENING_PATHS": "2,3"}, "evening_paths", frozenset({2, 3})),
        ({"LOTSEN_SFI_REGISTERKONTROLL_MONTHS": "24"}, "registerkontroll_months", 24),
        ({"LOTSEN_SFI_STUDY_DUTY_WEEKS": "8"}, "study_duty_weeks", 8),
    ],
)
def test_each_rule_setting_is_read(env, field, value):
    assert getattr(SfiConfig.from_env(env), field) == value


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"LOTSEN_SFI_DAYTIME_END": "07:00"}, "LOTSEN_SFI_DAYTIME_END"),  # before the daytime start
        ({"LOTSEN_SFI_EVENING_END": "17:00"}, "LOTSEN_SFI_EVENING_END"),
        ({"LOTSEN_SFI_EVENING_START": "25:00"}, "LOTSEN_SFI_EVENING_START"),
        ({"LOTSEN_SFI_EVENING_PATHS": "1,4"}, "LOTSEN_SFI_EVENING_PATHS"),
        ({"LOTSEN_SFI_EVENING_PATHS": ","}, "LOTSEN_SFI_EVENING_PATHS"),
        ({"LOTSEN_SFI_REGISTERKONTROLL_MONTHS": "0"}, "LOTSEN_SFI_REGISTERKONTROLL_MONTHS"),
    ],
)
def test_a_bad_setting_stops_the_start_naming_the_variable(env, named):
    with pytest.raises(SettingsError, match=named):
        SfiConfig.from_env(env)
