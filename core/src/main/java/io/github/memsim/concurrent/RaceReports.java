package io.github.memsim.concurrent;

import io.github.memsim.Frame;
import io.github.memsim.HeapBlock;
import io.github.memsim.ThreadContext;
import io.github.memsim.concurrent.HappensBefore.Place;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The race detector's reports: the words of a race in memsim's fault grammar, and the two lists
 * kept of them.
 *
 * <ul>
 *   <li>Grouped ({@link #races()}): one race per pair of program places, that is the access
 *       kind and size and the function of each side, whichever thread made it and in either
 *       order, and where: the block (by number) and the offset in it, or the frame slot, or the
 *       address. Its {@link RaceDetector.Race#key() key} says exactly that, e.g.
 *       {@code 8-byte read in worker / 8-byte write in worker, 0 bytes into block #1}; its
 *       message is the first race of the group in full.</li>
 *   <li>Detailed ({@link #details()}): one race per pair of places with their threads, in
 *       either order, and per block or frame, as the detector found them.</li>
 * </ul>
 * A race is found byte after byte, so repeats are dropped before any text is built: the last
 * few pairs of places and the block they raced in are remembered, and a set of them behind.
 */
final class RaceReports {
  /** What the last few reports were about: pair of places and the start of their region. */
  private static final int RECENT = 8;

  private final HappensBefore engine;
  private final TreeMap<Long, HeapBlock> blocks = new TreeMap<>();
  private final Map<String, RaceDetector.Race> races = new LinkedHashMap<>();
  private final List<RaceDetector.Race> details = new ArrayList<>();
  /** The pairs of places and regions already reported, packed as (pair, region start). */
  private final Set<PairInRegion> reported = new HashSet<>();
  private final long[] recentPairs = new long[RECENT];
  private final long[] recentRegions = new long[RECENT];
  private int recentNext;
  private long lastPair = -1;
  private long lastRegion;
  /** The region of the last report, so that a racing run of bytes finds it at once. */
  private long regionStart = 1;
  private long regionEnd;
  private HeapBlock regionBlock;

  private record PairInRegion(long pair, long region) {}

  RaceReports(HappensBefore engine) {
    this.engine = engine;
    Arrays.fill(recentPairs, -1);
  }

  /** Notes a live block, for the words of reports. */
  void allocated(HeapBlock block) {
    blocks.put(block.address(), block);
    regionEnd = regionStart; // the cached region may be this block's old one
  }

  /** Forgets a freed block. */
  void freed(HeapBlock block) {
    blocks.remove(block.address());
    regionEnd = regionStart;
  }

  /**
   * Reports a race between the access at {@code place} (op {@code op}, from {@code address})
   * and the earlier one at epoch {@code before}, found at byte {@code at}, unless its pair of
   * places was reported in that block or frame already.
   */
  void report(int place, long op, long address, long before, long beforeOp, long at) {
    int earlierPlace = HappensBefore.placeOf(before);
    long pair = ((long) place << 32) | earlierPlace;
    if (at < regionStart || at >= regionEnd) {
      findRegion(at);
    }
    if (pair == lastPair && regionStart == lastRegion) {
      return; // the commonest case: the same two places race byte after byte
    }
    lastPair = pair;
    lastRegion = regionStart;
    for (int k = 0; k < RECENT; k++) {
      if (recentPairs[k] == pair && recentRegions[k] == regionStart) {
        return; // a few pairs of places that race in turn
      }
    }
    recentPairs[recentNext] = pair;
    recentRegions[recentNext] = regionStart;
    recentNext = (recentNext + 1) % RECENT;
    if (!reported.add(new PairInRegion(pair, regionStart))) {
      return;
    }
    Place now = engine.place(place);
    Place earlier = engine.place(earlierPlace);
    String message = "data race: " + facts(now, op, address, earlier, beforeOp, at);
    String detailKey = name(now) + " / " + name(earlier);
    String first = where(now);
    String second = where(earlier);
    String group = (first.compareTo(second) <= 0 ? first + " / " + second
        : second + " / " + first) + ", " + location(at);
    synchronized (this) { // races() may be called from any thread
      details.add(new RaceDetector.Race(detailKey, message, at, op, beforeOp));
      races.putIfAbsent(group, new RaceDetector.Race(group, message, at, op, beforeOp));
    }
  }

  /** Records an ABA, listed with the races under a key beginning {@code ABA}. */
  void aba(ThreadContext thread, long op, long address, HeapBlock expected, HeapBlock found) {
    String function = thread.stack().top().map(Frame::name).orElse(null);
    String by = Text.name(thread.name())
        + (function == null ? "" : " in " + Text.name(function));
    String key = "ABA: compare-and-set by " + by;
    String message = "ABA: 8-byte compare-and-set at " + Text.hex(address) + " by " + by
        + " at op " + op + " succeeded with a pointer to block #" + expected.id() + " ("
        + Text.bytes(expected.size()) + " at " + Text.hex(expected.address()) + "), which was"
        + " freed, while block #" + found.id() + " (" + Text.bytes(found.size()) + " at "
        + Text.hex(found.address()) + "), allocated by " + Text.name(found.thread())
        + (found.allocationSite().isEmpty() ? "" : " in "
        + String.join(" <- ", found.allocationSite())) + " at op " + found.op()
        + ", now sits there";
    synchronized (this) {
      if (!races.containsKey(key)) {
        RaceDetector.Race race = new RaceDetector.Race(key, message, address, op, op);
        races.put(key, race);
        details.add(race);
      }
    }
  }

  /** {@return the races, one per group, in the order first seen} */
  synchronized List<RaceDetector.Race> races() {
    return List.copyOf(races.values());
  }

  /** {@return the races, one per pair of places with their threads and block, as found} */
  synchronized List<RaceDetector.Race> details() {
    return List.copyOf(details);
  }

  /** {@return both accesses and where, as a report and a fault say them} */
  String facts(Place now, long op, long address, Place earlier, long beforeOp, long at) {
    return now.length() + "-byte " + kind(now) + " at " + Text.hex(address) + " by " + who(now)
        + " at op " + op + ", racing with " + article(earlier.length()) + " "
        + earlier.length() + "-byte " + kind(earlier) + " by " + who(earlier) + " at op "
        + beforeOp + "; " + whereIs(at);
  }

  private String name(Place place) {
    return place.length() + "-byte " + kind(place) + " by " + who(place);
  }

  /** {@return a place without its thread, as groups name it: "8-byte read in worker"} */
  private static String where(Place place) {
    return place.length() + "-byte " + kind(place)
        + (place.function() == null ? "" : " in " + place.function());
  }

  private static String kind(Place place) {
    return (place.atomic() ? "atomic " : "") + (place.write() ? "write" : "read");
  }

  private String who(Place place) {
    return engine.name(place.thread())
        + (place.function() == null ? "" : " in " + place.function());
  }

  /** {@return "an" before a number read aloud with a leading vowel (8, 11, 18, 80...), else "a"} */
  private static String article(long number) {
    String digits = Long.toString(number);
    return digits.startsWith("8") || digits.equals("11") || digits.equals("18")
        || digits.startsWith("11") && digits.length() % 3 == 2
        || digits.startsWith("18") && digits.length() % 3 == 2 ? "an" : "a";
  }

  /** Finds the block, frame or word holding a byte, as the region of reports. */
  private void findRegion(long address) {
    Map.Entry<Long, HeapBlock> entry = blocks.floorEntry(address);
    if (entry != null && address < entry.getKey() + Math.max(1, entry.getValue().size())) {
      regionBlock = entry.getValue();
      regionStart = regionBlock.address();
      regionEnd = regionStart + Math.max(1, regionBlock.size());
      return;
    }
    regionBlock = null;
    Frame frame = frameAt(address);
    if (frame != null) {
      regionStart = frame.address();
      regionEnd = frame.address() + frame.size();
    } else {
      regionStart = address & ~7L;
      regionEnd = regionStart + 8;
    }
  }

  private Frame frameAt(long address) {
    for (ThreadContext thread : engine.liveThreads()) {
      for (Frame frame : thread.stack().frames()) {
        if (address >= frame.address() && address < frame.address() + frame.size()) {
          return frame;
        }
      }
    }
    return null;
  }

  /** {@return where a byte is, for a group's key: "0 bytes into block #1"} */
  private String location(long address) {
    HeapBlock block = blockAt(address);
    if (block != null) {
      return Text.bytes(address - block.address()) + " into block #" + block.id();
    }
    Frame frame = frameAt(address);
    if (frame != null) {
      return Text.bytes(address - frame.address()) + " into frame " + Text.name(frame.name())
          + " of " + Text.name(frame.thread().name());
    }
    return "at " + Text.hex(address);
  }

  private HeapBlock blockAt(long address) {
    Map.Entry<Long, HeapBlock> entry = blocks.floorEntry(address);
    return entry != null && address < entry.getKey() + Math.max(1, entry.getValue().size())
        ? entry.getValue() : null;
  }

  /** {@return where a byte is, in full, as a report ends} */
  private String whereIs(long address) {
    HeapBlock block = blockAt(address);
    if (block != null) {
      return Text.bytes(address - block.address()) + " into block #" + block.id() + " ("
          + Text.bytes(block.size()) + " at " + Text.hex(block.address()) + "), allocated by "
          + block.thread() + (block.allocationSite().isEmpty() ? ""
          : " in " + String.join(" <- ", block.allocationSite())) + " at op " + block.op();
    }
    for (ThreadContext thread : engine.liveThreads()) {
      for (Frame frame : thread.stack().frames()) {
        if (address >= frame.address() && address < frame.address() + frame.size()) {
          return "in frame " + Text.name(frame.name()) + " at depth " + frame.depth() + " of "
              + Text.name(thread.name());
        }
      }
    }
    return "at " + Text.hex(address);
  }
}
