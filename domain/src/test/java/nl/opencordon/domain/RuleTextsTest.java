package nl.opencordon.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuleTextsTest {
  /** The officer's screen speaks Dutch: a rule added with a source needs its Dutch text too. */
  @Test
  void everyRuleWithASourceHasADutchText() {
    Set<String> missing = RuleSources.ruleIds().stream().filter(id -> RuleTexts.dutch(id).isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of(), missing);
    assertTrue(RuleTexts.dutch("ZE-3").orElseThrow().startsWith("Bedrijfsauto met emissieklasse 4 of lager"));
    assertEquals(Optional.empty(), RuleTexts.dutch("XX-1"));
  }
}
