package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.api.v1alpha1.HttpHeader;
import dev.headroom.reconciler.Shard;
import dev.headroom.runtime.EvaluationSettings;
import dev.headroom.runtime.LeaderElection;
import dev.headroom.signals.Credentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @Test
  void helpListsTheCommands() {
    StringWriter out = new StringWriter();
    var commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out));
    int exit = commandLine.execute("--help");
    assertThat(exit).isZero();
    assertThat(out.toString()).contains("Usage: headroom").contains("run").contains("help");
  }

  @Test
  void runRejectsAPrometheusUrlWithCredentials() {
    StringWriter err = new StringWriter();
    var commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute("run", "--prometheus-url=http://user:secret@prom:9090");
    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("must not carry credentials").doesNotContain("secret@");
  }

  @Test
  void namespacesAreSplitAndTrimmed() {
    var run = new RunCommand();
    run.namespaces = java.util.List.of("shop, ci", "", "ml");
    assertThat(run.namespaceSet()).containsExactlyInAnyOrder("shop", "ci", "ml");
  }

  @Test
  void leaderElectionIsOffByDefault() {
    RunCommand run = parsedRun();
    assertThat(run.config().leaderElection()).isEmpty();
    assertThat(run.config().shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void leaderElectionFlagsReachTheConfig() {
    RunCommand run =
        parsedRun(
            "--leader-election",
            "--lease-namespace=ops",
            "--identity=headroom-7f9c",
            "--lease-duration=4s",
            "--renew-deadline=3s",
            "--retry-period=500ms",
            "--shutdown-grace=20s");
    LeaderElection election = run.config().leaderElection().orElseThrow();
    assertThat(election.leaseName()).isEqualTo("headroom-operator-lock");
    assertThat(election.leaseNamespace()).isEqualTo("ops");
    assertThat(election.identity()).isEqualTo("headroom-7f9c");
    assertThat(election.leaseDuration()).isEqualTo(Duration.ofSeconds(4));
    assertThat(election.renewDeadline()).isEqualTo(Duration.ofSeconds(3));
    assertThat(election.retryPeriod()).isEqualTo(Duration.ofMillis(500));
    assertThat(election.exitOnLostLease()).isTrue();
    assertThat(run.config().shutdownGrace()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void eachShardElectsOnItsOwnLease() {
    RunCommand run =
        parsedRun("--leader-election", "--lease-namespace=ops", "--shards=3", "--shard-index=2");
    assertThat(run.config().shard()).isEqualTo(new Shard(2, 3));
    assertThat(run.config().election().orElseThrow().leaseName())
        .isEqualTo("headroom-operator-lock-shard-2");
  }

  @Test
  void oneShardKeepsTheLeaseItAlwaysHad() {
    RunCommand run = parsedRun("--leader-election", "--lease-namespace=ops");
    assertThat(run.config().shard()).isEqualTo(Shard.ALL);
    assertThat(run.config().election().orElseThrow().leaseName())
        .isEqualTo("headroom-operator-lock");
  }

  @Test
  void aShardIndexOutsideTheShardsIsAUsageError() {
    StringWriter err = new StringWriter();
    var commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute("run", "--shards=3", "--shard-index=3");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("the shard index must be from 0 to 2 with 3 shards, got 3");
  }

  @Test
  void withoutAnIdentityEachRunGetsItsOwn() {
    String first =
        parsedRun("--leader-election", "--lease-namespace=ops", "--identity=")
            .config()
            .leaderElection()
            .orElseThrow()
            .identity();
    String second =
        parsedRun("--leader-election", "--lease-namespace=ops", "--identity=")
            .config()
            .leaderElection()
            .orElseThrow()
            .identity();
    assertThat(first).isNotBlank().isNotEqualTo(second);
  }

  @Test
  void leaderElectionWithoutALeaseNamespaceIsRefusedWithTheFix() {
    StringWriter err = new StringWriter();
    var commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute("run", "--leader-election", "--lease-namespace=");
    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("HEADROOM_LEASE_NAMESPACE");
  }

  @Test
  void contradictoryLeaseDurationsAreAUsageError() {
    StringWriter err = new StringWriter();
    var commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err));
    int exit =
        commandLine.execute(
            "run", "--leader-election", "--lease-namespace=ops", "--renew-deadline=20s");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("the renew deadline (PT20S) must be shorter than the lease duration (PT15S)");
  }

  @Test
  void aLeaseThatCouldExpireUnderItsLeaderIsRefused() {
    assertThatThrownBy(
            () ->
                LeaderElection.inNamespace("ops", "a")
                    .withDurations(
                        Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renew deadline");
    assertThatThrownBy(
            () ->
                LeaderElection.inNamespace("ops", "a")
                    .withDurations(
                        Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retry period");
  }

  @Test
  void theDefaultPrometheusAndEvaluationSettingsReachTheConfig(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "t0ken\n");
    RunCommand run =
        parsedRun(
            "--prometheus-url=https://mimir.example.com/prometheus",
            "--prometheus-bearer-token-file=" + token,
            "--prometheus-headers={\"X-Scope-OrgID\":\"team-a\"}",
            "--min-evaluation-interval=30s",
            "--query-timeout=4s",
            "--scrape-interval=15s");
    var config = run.config();
    assertThat(config.prometheus().endpoint().credentials()).isEqualTo(Credentials.bearer("t0ken"));
    assertThat(config.prometheus().endpoint().headers())
        .containsExactly(new HttpHeader("X-Scope-OrgID", "team-a"));
    assertThat(config.evaluation())
        .isEqualTo(
            new EvaluationSettings(
                Duration.ofSeconds(30), Duration.ofSeconds(4), Duration.ofSeconds(15)));
    assertThat(config.evaluation().signalSettings().readTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(config.evaluation().signalSettings().staleAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void withoutSettingsTheEvaluationDefaultsChangeNothing() {
    assertThat(parsedRun().config().evaluation()).isEqualTo(EvaluationSettings.DEFAULTS);
    assertThat(EvaluationSettings.DEFAULTS.signalSettings())
        .isEqualTo(dev.headroom.signals.SignalSettings.defaults());
  }

  @Test
  void badDefaultPrometheusSettingsAreAUsageErrorNamingTheProblem() {
    StringWriter err = new StringWriter();
    var commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute("run", "--prometheus-headers={\"Authorization\":\"Bearer x\"}");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Authorization").doesNotContain("Bearer x");
    err.getBuffer().setLength(0);
    exit = commandLine.execute("run", "--prometheus-username-file=/u");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("needs both");
  }

  private static RunCommand parsedRun(String... args) {
    var commandLine = Main.commandLine();
    String[] all = new String[args.length + 1];
    all[0] = "run";
    System.arraycopy(args, 0, all, 1, args.length);
    var parsed = commandLine.parseArgs(all);
    return (RunCommand) parsed.subcommand().commandSpec().userObject();
  }
}
