package org.ropelab;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package layering, as rules that fail when a change breaks it. The packages follow the order
 * the notebooks teach: a package may use only packages taught before it (and {@code claims}, the
 * checking machinery every notebook shares), never one taught after it.
 */
@AnalyzeClasses(packages = "org.ropelab", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** Which package may use which: the derivation's table of contents. */
    @ArchTest
    static final ArchRule layersFollowTheDerivation = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("claims").definedBy("org.ropelab.claims..")
            .layer("geometry").definedBy("org.ropelab.geometry..")
            .layer("attention").definedBy("org.ropelab.attention..")
            .layer("absolute").definedBy("org.ropelab.absolute..")
            .layer("relative").definedBy("org.ropelab.relative..")
            .layer("rope").definedBy("org.ropelab.rope..")
            .layer("scaling").definedBy("org.ropelab.scaling..")
            .layer("models").definedBy("org.ropelab.models..")
            .layer("precision").definedBy("org.ropelab.precision..")
            .layer("train").definedBy("org.ropelab.train..")
            .layer("display").definedBy("org.ropelab.display..")
            .whereLayer("claims").mayNotAccessAnyLayer()
            .whereLayer("geometry").mayNotAccessAnyLayer()
            .whereLayer("attention").mayOnlyAccessLayers("claims", "geometry")
            .whereLayer("absolute").mayOnlyAccessLayers("claims", "geometry", "attention")
            .whereLayer("relative").mayOnlyAccessLayers("claims", "geometry", "attention")
            .whereLayer("rope").mayOnlyAccessLayers("claims", "geometry", "attention")
            .whereLayer("scaling").mayOnlyAccessLayers("claims", "geometry", "rope")
            .whereLayer("models").mayOnlyAccessLayers("claims", "rope", "scaling")
            .whereLayer("precision").mayOnlyAccessLayers("claims", "geometry", "rope", "scaling")
            .whereLayer("train").mayOnlyAccessLayers("claims", "attention", "absolute", "relative", "rope", "scaling")
            .whereLayer("display").mayOnlyAccessLayers("claims");

    /** Geometry is the foundation: complex numbers, rotations and matrices need nothing else of ropelab. */
    @ArchTest
    static final ArchRule geometryStandsAlone = noClasses().that().resideInAPackage("org.ropelab.geometry..")
            .should().dependOnClassesThat(resideInAPackage("org.ropelab..")
                    .and(resideOutsideOfPackage("org.ropelab.geometry..")));

    /** The encodings never reach up into real-model configs, training or display. */
    @ArchTest
    static final ArchRule encodingsDoNotUseModelsTrainOrDisplay = noClasses().that()
            .resideInAnyPackage("org.ropelab.absolute..", "org.ropelab.relative..", "org.ropelab.rope..",
                    "org.ropelab.scaling..")
            .should().dependOnClassesThat().resideInAnyPackage("org.ropelab.models..", "org.ropelab.train..",
                    "org.ropelab.display..");

    /** The rotation kernels are reached only through RotaryTables, beside them in {@code rope}. */
    @ArchTest
    static final ArchRule onlyRopeTouchesTheKernel = classes().that()
            .haveSimpleNameEndingWith("Rotation").and().resideInAPackage("org.ropelab.rope")
            .should().onlyBeAccessed().byClassesThat().resideInAPackage("org.ropelab.rope")
            .andShould().notBePublic();

    /** Only the display package touches the Jupyter kernel (JJava); everything else runs without one. */
    @ArchTest
    static final ArchRule onlyDisplayTouchesTheJupyterKernel = noClasses().that()
            .resideOutsideOfPackage("org.ropelab.display..")
            .should().dependOnClassesThat().resideInAPackage("org.dflib.jjava..");

    /** No package cycles. */
    @ArchTest
    static final ArchRule noCycles = slices().matching("org.ropelab.(*)..").should().beFreeOfCycles();

    /** {@code org.ropelab} itself is only the root of the packages. */
    @ArchTest
    static final ArchRule rootHoldsNoClasses = noClasses().that().doNotHaveSimpleName("package-info")
            .should().resideInAPackage("org.ropelab");
}
