package nl.opencordon.controller.cli;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * A front of the plate-recognition evaluation in {@code anpr-vision-tools}, which the distribution ships beside
 * the runtime but the controller does not depend on: found on the class path when it is there.
 */
@Command(name = "vision-eval", mixinStandardHelpOptions = true,
    description = {"Evaluates plate recognition in the tender's terms (Preg/Ptot, Pbet/Preg, Perr/Pbet) and its speed.",
        "Synthetic frames by default; --labels FILE (lines image<TAB>plate) for real images, --report FILE.json."})
final class VisionEvalCommand implements Callable<Integer> {
  static final String EVALUATION = "nl.opencordon.vision.eval.Evaluation";

  /** Everything after the command goes to the evaluation as it is. */
  @Unmatched
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Class<?> evaluation;
    try {
      evaluation = Class.forName(EVALUATION);
    } catch (ClassNotFoundException e) {
      System.err.println("the vision tools (anpr-vision-tools) are not in lib/");
      return 2;
    }
    try {
      Object code = evaluation.getMethod("run", String[].class).invoke(null, (Object) args.toArray(String[]::new));
      return (Integer) code;
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
