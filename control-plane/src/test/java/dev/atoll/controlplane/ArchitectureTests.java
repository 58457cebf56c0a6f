package dev.atoll.controlplane;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import reactor.core.publisher.Mono;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module boundaries of the control plane, enforced: features are packages that talk
 * to each other only through the public types at the top of each package, in one
 * direction, and JDBC stays inside repositories that answer with {@link Mono}.
 */
@AnalyzeClasses(packages = "dev.atoll.controlplane", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String ROOT = "dev.atoll.controlplane";

	private static final Pattern FEATURE = Pattern.compile(Pattern.quote(ROOT) + "\\.([a-z]+)(\\..*)?");

	@ArchTest
	static final ArchRule featuresHaveNoCycles = slices().matching(ROOT + ".(*)..")
		.should()
		.beFreeOfCycles()
		.because("features depend on each other in one direction: auth, scheduling, watch, leases → instances →"
				+ " nodes, systems, images → system");

	@ArchTest
	static final ArchRule systemKnowsNoFeature = noClasses().that()
		.resideInAPackage(ROOT + ".system..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(ROOT + ".nodes..", ROOT + ".instances..", ROOT + ".scheduling..", ROOT + ".systems..",
				ROOT + ".images..", ROOT + ".auth..", ROOT + ".leases..", ROOT + ".exec..");

	@ArchTest
	static final ArchRule nothingDependsOnExec = noClasses().that()
		.resideOutsideOfPackage(ROOT + ".exec..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage(ROOT + ".exec..")
		.because("exec uses instances, nodes and watch signals through their API; no feature needs it");

	@ArchTest
	static final ArchRule systemsAndImagesKnowNoOtherFeature = noClasses().that()
		.resideInAnyPackage(ROOT + ".systems..", ROOT + ".images..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(ROOT + ".nodes..", ROOT + ".instances..", ROOT + ".scheduling..");

	@ArchTest
	static final ArchRule nothingDependsOnAuth = noClasses().that()
		.resideOutsideOfPackage(ROOT + ".auth..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage(ROOT + ".auth..")
		.because("authorization is one filter in front of the features, which know nothing of it");

	@ArchTest
	static final ArchRule nothingDependsOnLeases = noClasses().that()
		.resideOutsideOfPackage(ROOT + ".leases..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage(ROOT + ".leases..")
		.because("leases use instances and nodes through their API; no feature needs leases");

	@ArchTest
	static final ArchRule nodesKnowNothingOfInstancesOrScheduling = noClasses().that()
		.resideInAPackage(ROOT + ".nodes..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(ROOT + ".instances..", ROOT + ".scheduling..");

	@ArchTest
	static final ArchRule instancesKnowNothingOfScheduling = noClasses().that()
		.resideInAPackage(ROOT + ".instances..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage(ROOT + ".scheduling..");

	@ArchTest
	static final ArchRule featuresUseEachOtherOnlyThroughTheirPublicApi = classes().that()
		.resideInAPackage(ROOT + "..")
		.should(onlyReachIntoOtherFeaturesThroughPublicTopLevelTypes());

	@ArchTest
	static final ArchRule onlyRepositoriesTouchJdbc = noClasses().that()
		.resideOutsideOfPackage(ROOT + ".system..")
		.and()
		.areNotAnnotatedWith(Repository.class)
		.should()
		.dependOnClassesThat()
		.areAssignableTo(JdbcClient.class)
		.because("JDBC blocks: only repositories use it, through system.Jdbc, off the event loop");

	@ArchTest
	static final ArchRule repositoriesAnswerWithMono = methods().that()
		.areDeclaredInClassesThat()
		.areAnnotatedWith(Repository.class)
		.and()
		.doNotHaveModifier(JavaModifier.PRIVATE)
		.and()
		.doNotHaveModifier(JavaModifier.SYNTHETIC)
		.and(notARecordAccessorOrLambda())
		.should()
		.haveRawReturnType(Mono.class)
		.because("a repository call is a Mono subscribed on the jdbc scheduler, never a blocking call");

	@ArchTest
	static final ArchRule controllersArePackagePrivate = classes().that()
		.areAnnotatedWith(RestController.class)
		.should()
		.notBePublic();

	private static DescribedPredicate<JavaMethod> notARecordAccessorOrLambda() {
		return DescribedPredicate.describe("are not lambdas",
				(method) -> !method.getName().startsWith("lambda$") && !method.getName().equals("<init>"));
	}

	private static ArchCondition<JavaClass> onlyReachIntoOtherFeaturesThroughPublicTopLevelTypes() {
		return new ArchCondition<>("reach into other features only through their public top-level-package types") {
			@Override
			public void check(JavaClass origin, ConditionEvents events) {
				Optional<String> from = feature(origin);
				for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
					JavaClass target = dependency.getTargetClass();
					Optional<String> to = feature(target);
					if (to.isEmpty() || from.equals(to)) {
						continue;
					}
					boolean api = target.getModifiers().contains(JavaModifier.PUBLIC)
							&& target.getPackageName().equals(ROOT + "." + to.get());
					if (!api) {
						events.add(SimpleConditionEvent.violated(dependency,
								dependency.getDescription() + " reaches into " + to.get() + " past its public API"));
					}
				}
			}
		};
	}

	private static Optional<String> feature(JavaClass type) {
		Matcher matcher = FEATURE.matcher(type.getPackageName());
		return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
	}

}
