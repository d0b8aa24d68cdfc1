package io.healer.integration.compare;

/** One scenario's row: both healers' figures. */
record Row(Scenario scenario, RunFigures go, RunFigures healer) {}
