package dev.atoll.api;

import java.util.List;

/** What personalities and services declare alike; see their records for each field. */
public interface TaskSpec {

	String name();

	String kind();

	String program();

	Integer priority();

	Long memoryBudgetBytes();

	List<String> devices();

	List<Integer> irqs();

	List<String> uses();

	RestartSpec restart();

}
