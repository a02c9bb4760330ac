package io.ckbridge.cdc;

import io.ckbridge.cdc.damage.AcceptedLosses;
import io.ckbridge.cdc.damage.DamageRegister;
import io.ckbridge.cdc.damage.SegmentDamage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The operator's side of damaged segments: see them, and accept a loss explicitly. */
final class DamageCommands {
    private DamageCommands() {
    }

    @Command(name = "damaged-segments", mixinStandardHelpOptions = true,
            description = "List the segments a publisher holds because it cannot read them below their durable "
                    + "offset.")
    static final class ListDamaged implements Callable<Integer> {
        @Option(names = "--state-dir", paramLabel = "DIR", required = true,
                description = "The publisher's state folder (state.dir).")
        Path stateDir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<SegmentDamage> held = DamageRegister.read(DamageRegister.file(stateDir));
            if (held.isEmpty()) {
                spec.commandLine().getOut().println("No damaged segments in " + stateDir + ".");
                return 0;
            }
            for (SegmentDamage damage : held) {
                print(spec, damage);
            }
            return 0;
        }
    }

    @Command(name = "skip-segment", mixinStandardHelpOptions = true,
            description = {"Accept losing the unreadable part of a damaged segment. The publisher then reads past",
                    "the damage, publishes whatever it can still read, and goes on; the segment is kept in",
                    "<state.dir>/quarantine."})
    static final class SkipSegment implements Callable<Integer> {
        @Option(names = "--state-dir", paramLabel = "DIR", required = true,
                description = "The publisher's state folder (state.dir).")
        Path stateDir;

        @Option(names = "--segment", paramLabel = "ID", required = true,
                description = "The segment id, as damaged-segments lists it.")
        long segmentId;

        @Option(names = "--reason", description = "Why, for the record (default: ${DEFAULT-VALUE}).",
                defaultValue = "accepted at the command line")
        String reason;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<SegmentDamage> held = DamageRegister.read(DamageRegister.file(stateDir));
            Optional<SegmentDamage> damage = held.stream().filter(each -> each.segmentId() == segmentId).findFirst();
            if (damage.isEmpty()) {
                spec.commandLine().getErr().println("Segment " + segmentId + " is not held as damaged in "
                        + DamageRegister.file(stateDir) + (held.isEmpty() ? " (none is)." : "; held: "
                        + held.stream().map(each -> Long.toString(each.segmentId())).toList()) + ". Nothing skipped.");
                return 1;
            }
            print(spec, damage.get());
            new AcceptedLosses(stateDir).accept(segmentId, reason);
            spec.commandLine().getOut().println("Loss accepted. The publisher reads past the damage on its next pass "
                    + "and logs what it lost.");
            return 0;
        }
    }

    private static void print(CommandLine.Model.CommandSpec spec, SegmentDamage damage) {
        spec.commandLine().getOut().printf("segment %d  %s%n  readable up to offset %d of %d durable bytes "
                + "(%d bytes unread), found %s%n", damage.segmentId(), damage.log(), damage.verifiedOffset(),
                damage.durableOffset(), damage.durableOffset() - damage.verifiedOffset(), damage.detectedAt());
        for (String error : damage.errors()) {
            spec.commandLine().getOut().println("  " + error);
        }
    }
}
