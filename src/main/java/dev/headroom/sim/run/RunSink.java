package dev.headroom.sim.run;

import dev.headroom.sim.ScenarioRun;
import java.io.IOException;
import java.util.List;

/** Receives a suite's results: a report writer, a score table, a test's assertions. */
@FunctionalInterface
public interface RunSink {
  void accept(List<ScenarioRun> runs) throws IOException;
}
