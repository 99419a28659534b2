package dev.ftmigrate.analyzer;

/** A half-open char range [start, end) in a {@link SourceFile}'s text. */
public record TextRange(int start, int end) implements Comparable<TextRange> {
    public TextRange {
        if (start < 0 || end < start) throw new IllegalArgumentException("bad range " + start + ".." + end);
    }

    public int length() { return end - start; }

    public boolean contains(TextRange o) { return start <= o.start && o.end <= end; }

    public boolean overlaps(TextRange o) { return start < o.end && o.start < end; }

    @Override
    public int compareTo(TextRange o) {
        return start != o.start ? Integer.compare(start, o.start) : Integer.compare(end, o.end);
    }
}
