package dev.meridian.outcomes.query;

import java.util.List;

/** An analyst query whose parameters do not parse: answered 400 with every problem found, nothing read. */
public class InvalidAnalystQuery extends RuntimeException {

    private final transient List<FieldProblem> problems;

    public InvalidAnalystQuery(List<FieldProblem> problems) {
        super(problems.stream().map(p -> p.field() + ": " + p.message()).reduce((a, b) -> a + "; " + b).orElse(""));
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
