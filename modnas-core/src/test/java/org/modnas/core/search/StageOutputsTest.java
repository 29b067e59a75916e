package org.modnas.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.config.ConfigChains;
import org.modnas.core.estim.AlphaRecord;
import org.modnas.core.estim.StageEpoch;
import org.modnas.core.estim.StageResult;
import org.modnas.core.estim.SupernetWeights;
import org.modnas.core.run.RunDirectory;

/** What a finished stage leaves in its run folder, and how a later session finds it. */
class StageOutputsTest {
    @TempDir
    Path dir;

    private static StageResult result() {
        return new StageResult(Map.of("loss", 1.25), ArchDesc.of(List.of("s0", "s1"), List.of("a", "b")),
                new SupernetWeights("warmup", new byte[] {1, 2, 3, 4}));
    }

    @Test
    void aWrittenStageIsFoundAndReadBackOnlyForItsConfig() throws Exception {
        RunDirectory run = RunDirectory.of(dir, "r").create();
        assertEquals(StageOutputs.Found.NONE, StageOutputs.find(run, "warmup", "h1"));
        StageOutputs.write(run, "warmup", result(), List.of(), "h1");
        assertEquals(StageOutputs.Found.FINISHED, StageOutputs.find(run, "warmup", "h1"));
        assertEquals(StageOutputs.Found.OTHER_CONFIG, StageOutputs.find(run, "warmup", "h2"));
        StageResult back = StageOutputs.read(run, "warmup");
        assertEquals(result().metrics(), back.metrics());
        assertEquals(result().best(), back.best());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, back.output().parameters());

        Files.write(run.supernetFile("warmup").path(), new byte[] {1, 2});
        assertEquals(StageOutputs.Found.NONE, StageOutputs.find(run, "warmup", "h1"), "a truncated supernet is not a finished stage");
    }

    @Test
    void anUnreadableResultsFileNamesItselfAndTheWayOut() throws Exception {
        RunDirectory run = RunDirectory.of(dir, "r").create();
        Files.writeString(run.resultsFile("warmup").path(), "{ not json");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StageOutputs.find(run, "warmup", "h1"));
        assertTrue(e.getMessage().startsWith("cannot read the finished stage warmup of run " + run.root().path() + " from "
                + run.resultsFile("warmup").path()), e.getMessage());
        assertTrue(e.getMessage().endsWith("; delete that file to train the stage again"), e.getMessage());
    }

    @Test
    void aFailingStageStopsTheChainNamingIt() {
        RunDirectory run = RunDirectory.of(dir, "r").create();
        ConfigChains.Entry warmup = new ConfigChains.Entry("warmup", ConfigFactory.parseString("type = SomeStage"));
        ConfigChains.Entry search = new ConfigChains.Entry("search", ConfigFactory.parseString("type = SomeCandidate"));
        EstimatorChain chain = new EstimatorChain(List.of(warmup), search);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> chain.runStages(run, List.of(), 1, "h",
                (entry, input, seed) -> {
                    throw new IllegalArgumentException("loss became NaN");
                }, line -> { }));
        assertEquals("stage search.estim.warmup (SomeStage) failed, so the search cannot start: loss became NaN", e.getMessage());
        assertEquals(StageOutputs.Found.NONE, StageOutputs.find(run, "warmup", "h"), "nothing half-written");
    }

    @Test
    void aGradientStagesEpochsComeBackFromItsResultsFile() {
        RunDirectory run = RunDirectory.of(dir, "r").create();
        ArchDesc d = ArchDesc.of(List.of("s0", "s1"), List.of("a", "b"));
        List<StageEpoch> epochs = List.of(
                new StageEpoch(1, Map.of("accuracy", 0.5, "alpha_entropy", 0.69), d,
                        List.of(new AlphaRecord("s0", "a", 0.1, 0.55), new AlphaRecord("s0", "b", -0.1, 0.45))),
                new StageEpoch(2, Map.of("accuracy", 0.75), null, List.of()));
        StageOutputs.write(run, "search", new StageResult(Map.of("accuracy", 0.75), d, null, epochs), List.of(), "h");
        assertEquals(epochs, StageOutputs.read(run, "search").epochs());
        assertEquals(epochs, StageEpoch.parse(StageEpoch.toJson(epochs).toString()));
    }

    /** A chain of stages only is a search of its own; its stage's resume file goes once its results are written. */
    @Test
    void aStageOnlyChainRunsAndDropsTheStagesResumeFile() throws Exception {
        RunDirectory run = RunDirectory.of(dir, "r").create();
        Files.createDirectories(run.checkpointsDir().path());
        Files.writeString(run.stageResumeFile("search").path(), "progress");
        ConfigChains.Entry search = new ConfigChains.Entry("search", ConfigFactory.parseString("type = SomeStage"));
        EstimatorChain chain = new EstimatorChain(List.of(search), null);
        assertEquals(false, chain.hasCandidate());
        assertEquals("search", chain.lastStage().name());
        chain.runStages(run, List.of(), 1, "h", (entry, input, seed) -> result(), line -> { });
        assertEquals(StageOutputs.Found.FINISHED, StageOutputs.find(run, "search", "h"));
        assertTrue(Files.notExists(run.stageResumeFile("search").path()));
    }
}
