package dev.atoll.agent;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Features depend on each other in one direction only: session → reconcile → backend,
 * console → telemetry.
 */
class PackageBoundariesTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
		.importPackages("dev.atoll.agent");

	@Test
	void decodingKnowsNothingOfBackendsReconcilingOrTheControlPlane() {
		noClasses().that()
			.resideInAnyPackage("..agent.console..", "..agent.telemetry..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..agent.backend..", "..agent.reconcile..", "..agent.controlplane..")
			.check(this.classes);
		noClasses().that()
			.resideInAPackage("..agent.telemetry..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..agent.console..")
			.check(this.classes);
	}

	@Test
	void backendsKnowNothingOfReconcilingOrTheControlPlane() {
		noClasses().that()
			.resideInAPackage("..agent.backend..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..agent.reconcile..", "..agent.controlplane..", "..agent.console..")
			.check(this.classes);
	}

	@Test
	void nothingDependsOnMetrics() {
		noClasses().that()
			.resideOutsideOfPackage("..agent.metrics..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..agent.metrics..")
			.check(this.classes);
		noClasses().that()
			.resideInAPackage("..agent.metrics..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..agent.backend..", "..agent.controlplane..")
			.check(this.classes);
	}

	@Test
	void nothingDependsOnTheConsoleStream() {
		noClasses().that()
			.resideOutsideOfPackage("..agent.consolestream..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..agent.consolestream..")
			.check(this.classes);
	}

	@Test
	void reconcilingKnowsNothingOfTheControlPlaneNorOfQemu() {
		noClasses().that()
			.resideInAPackage("..agent.reconcile..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..agent.controlplane..", "..agent.backend.qemu..")
			.check(this.classes);
	}

}
