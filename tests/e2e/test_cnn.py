"""Page 9's convolutional network trains live in a real browser: Train counts epochs up, Pause holds them."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import settle
from ui.i18n import catalog

pytestmark = pytest.mark.e2e
TEXT = catalog("en")["neural_networks"]["cnn"]


def test_train_counts_epochs_up_and_pause_holds_them(reader: Page, app_url: str):
    reader.goto(f"{app_url}/neural_networks?lang=en&demo=cnn&cnn_filters=4")
    settle(reader)
    metric = reader.locator('[data-testid="stMetric"]').filter(has_text=TEXT["epochs"])
    counter = metric.locator('[data-testid="stMetricValue"]')
    expect(counter).to_have_text("0 / 20")
    reader.get_by_role("button", name=TEXT["start"], exact=True).click()
    expect(counter).to_have_text(re.compile(r"([3-9]|1\d) / 20"), timeout=60_000)  # several epochs, drawn live
    reader.get_by_role("button", name=TEXT["pause"], exact=True).click()
    # The click waits for the epoch in flight, longer on a busy machine; then Train is back.
    expect(reader.get_by_role("button", name=TEXT["start"], exact=True)).to_be_visible(timeout=30_000)
    settle(reader)
    paused = int(counter.text_content().split(" / ")[0])
    # One more epoch by hand: a timer still ticking after the Pause would add more while this one runs.
    reader.get_by_role("button", name=TEXT["step"], exact=True).click()
    expect(counter).to_have_text(f"{paused + 1} / 20")
    settle(reader)
    assert counter.text_content() == f"{paused + 1} / 20"
    assert reader.get_by_role("button", name=TEXT["start"], exact=True).is_visible()
    accuracy = reader.locator('[data-testid="stMetric"]').filter(has_text=TEXT["test_accuracy"])
    assert float(accuracy.locator('[data-testid="stMetricValue"]').text_content().rstrip("%")) > 50
    assert reader.locator('[data-testid="stException"]').count() == 0
