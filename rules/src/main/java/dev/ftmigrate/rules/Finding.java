package dev.ftmigrate.rules;

import java.util.List;
import java.util.Optional;

/**
 * One hazard found at one site.
 *
 * @param ruleId     stable id such as FT301 (the SARIF ruleId)
 * @param level      severity as reported (derived from the rule default and the confidence)
 * @param confidence how sure the rule is
 * @param location   primary location
 * @param message    says what is wrong, why it matters without the GIL, and what to do
 * @param subject    the variable, field or call the finding is about (also keys the fingerprint)
 * @param function   the enclosing C function, or null at file scope
 * @param evidence   related locations, in order: e.g. the entry point and each call on the path
 * @param snippet    the source line of the primary location, trimmed (for fingerprints and text)
 * @param fix        optional proposed change
 */
public record Finding(String ruleId, Level level, Confidence confidence, Location location,
                      String message, String subject, String function, List<Location> evidence,
                      String snippet, Optional<Fix> fix) {
    public Finding {
        evidence = List.copyOf(evidence);
        fix = fix == null ? Optional.empty() : fix;
    }

    public Finding withFix(Fix f) {
        return new Finding(ruleId, level, confidence, location, message, subject, function, evidence, snippet, Optional.of(f));
    }
}
