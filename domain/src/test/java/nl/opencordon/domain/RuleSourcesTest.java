package nl.opencordon.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleSourcesTest {
  /** One table: each rule with its source and, for the officer's screen, which speaks Dutch, its Dutch text. */
  @Test
  void eachRuleHasItsSourceAndItsDutchText() {
    assertTrue(RuleSources.ruleIds().containsAll(java.util.Set.of("ZE-0", "ZE-12", "MZ-9", "CA-U", "VF-1")),
        RuleSources.ruleIds().toString());
    assertTrue(RuleSources.of("ZE-4").startsWith("RVV 1990 art 86e lid 3, Stb. 2023, 241"), RuleSources.of("ZE-4"));
    assertTrue(RuleSources.dutch("ZE-3").orElseThrow().startsWith("Bedrijfsauto met emissieklasse 4 of lager"));
    for (String id : RuleSources.ruleIds()) {
      assertTrue(RuleSources.dutch(id).isPresent() && !RuleSources.of(id).isBlank(), id);
    }
  }

  @Test
  void anUnknownRuleSaysSo() {
    assertEquals("no source recorded for rule XX-1", RuleSources.of("XX-1"));
    assertEquals(Optional.empty(), RuleSources.dutch("XX-1"));
  }
}
