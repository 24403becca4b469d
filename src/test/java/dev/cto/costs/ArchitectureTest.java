package dev.cto.costs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import dev.cto.costs.collect.CollectorMetrics;
import dev.cto.costs.collect.RecordSource;

/** The package rules of the design (docs/integrators.md, code layout), checked on the compiled main classes. */
@AnalyzeClasses(packages = "dev.cto.costs", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String BASE = "dev.cto.costs.";

  @ArchTest
  static final ArchRule domainDependsOnNothingButTheJdk =
      classes()
          .that().resideInAPackage(BASE + "domain..")
          .should().onlyDependOnClassesThat().resideInAnyPackage(BASE + "domain..", "java..");

  /** The statistics are pure: tested without a database, reusable by every front end. */
  @ArchTest
  static final ArchRule analyticsStatisticsArePure =
      classes()
          .that().resideInAPackage(BASE + "analytics.stats..")
          .should().onlyDependOnClassesThat().resideInAnyPackage(BASE + "analytics.stats..", "java..");

  @ArchTest
  static final ArchRule storePortsKnowOnlyTheDomain =
      classes()
          .that().resideInAPackage(BASE + "store")
          .should().onlyDependOnClassesThat()
          .resideInAnyPackage(BASE + "domain..", BASE + "store", "java..");

  @ArchTest
  static final ArchRule pricingKnowsOnlyTheDomain =
      noClasses()
          .that().resideInAPackage(BASE + "pricing..")
          .should().dependOnClassesThat()
          .resideInAnyPackage(BASE + "store..", BASE + "collect..", BASE + "report..", BASE + "cli..", BASE + "app..");

  @ArchTest
  static final ArchRule collectorUsesPortsNotTheJdbcAdapter =
      noClasses()
          .that().resideInAPackage(BASE + "collect..")
          .should().dependOnClassesThat()
          .resideInAnyPackage(BASE + "store.jdbc..", BASE + "pricing..", BASE + "report..", BASE + "cli..", BASE + "app..");

  @ArchTest
  static final ArchRule reportsUsePortsNotTheJdbcAdapter =
      noClasses()
          .that().resideInAPackage(BASE + "report..")
          .should().dependOnClassesThat()
          .resideInAnyPackage(BASE + "store.jdbc..", BASE + "pricing..", BASE + "collect..", BASE + "cli..", BASE + "app..");

  @ArchTest
  static final ArchRule jdbcAdapterKnowsNoOtherAdapter =
      noClasses()
          .that().resideInAPackage(BASE + "store.jdbc..")
          .should().dependOnClassesThat()
          .resideInAnyPackage(BASE + "pricing..", BASE + "collect..", BASE + "report..", BASE + "cli..", BASE + "app..");

  @ArchTest
  static final ArchRule metricsKnowOnlyTheDomain =
      noClasses()
          .that().resideInAPackage(BASE + "metrics..")
          .should().dependOnClassesThat()
          .resideInAnyPackage(BASE + "store..", BASE + "report..", BASE + "pricing..",
              BASE + "web..", BASE + "cli..", BASE + "app..");

  /** The Micrometer adapter implements the collector's metrics port and sees nothing else of it. */
  @ArchTest
  static final ArchRule metricsSeeOnlyTheCollectorsMetricsPort =
      noClasses()
          .that().resideInAPackage(BASE + "metrics..")
          .should().dependOnClassesThat(
              JavaClass.Predicates.resideInAPackage(BASE + "collect..")
                  .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(CollectorMetrics.class, RecordSource.class))));

  @ArchTest
  static final ArchRule theServiceIsAssembledByTheCompositionRootNotTheCli =
      noClasses()
          .that().resideInAPackage(BASE + "web..")
          .should().dependOnClassesThat().resideInAnyPackage(BASE + "cli..", BASE + "app..", BASE + "pricing..");

  /**
   * The client runs inside agent processes: it may bring Jackson but no store, server or framework,
   * and only its LangChain4j and Spring AI adapters may touch those frameworks (provided dependencies).
   */
  @ArchTest
  static final ArchRule theClientEmbedsWithOnlyTheDomainJacksonAndItsAdaptersFramework =
      CompositeArchRule.of(
              classes()
                  .that().resideInAPackage(BASE + "client")
                  .should().onlyDependOnClassesThat()
                  .resideInAnyPackage(BASE + "client", BASE + "domain..", "java..", "com.fasterxml.jackson.."))
          .and(
              classes()
                  .that().resideInAPackage(BASE + "client.langchain4j..")
                  .should().onlyDependOnClassesThat()
                  .resideInAnyPackage(BASE + "client..", BASE + "domain..", "java..", "dev.langchain4j.."))
          .and(
              classes()
                  .that().resideInAPackage(BASE + "client.springai..")
                  .should().onlyDependOnClassesThat()
                  .resideInAnyPackage(BASE + "client..", BASE + "domain..", "java..", "org.springframework.ai..",
                      "reactor.."))
          .and(
              classes()
                  .that().resideInAPackage(BASE + "client.otel..")
                  .should().onlyDependOnClassesThat()
                  .resideInAnyPackage(BASE + "client..", BASE + "domain..", "java..", "io.opentelemetry.api..",
                      "io.opentelemetry.context.."));

  /**
   * LangChain4j, Spring AI and the OpenTelemetry API are provided dependencies, absent from the
   * shipped jar: client code outside their adapters that touched them would fail at run time.
   */
  @ArchTest
  static final ArchRule providedFrameworksStayInTheirAdapters =
      CompositeArchRule.of(
              noClasses()
                  .that().resideOutsideOfPackage(BASE + "client.springai..")
                  .should().dependOnClassesThat().resideInAPackage("org.springframework.ai.."))
          .and(
              noClasses()
                  .that().resideOutsideOfPackage(BASE + "client.langchain4j..")
                  .should().dependOnClassesThat().resideInAPackage("dev.langchain4j.."))
          .and(
              noClasses()
                  .that().resideInAPackage(BASE + "client..").and().resideOutsideOfPackage(BASE + "client.otel..")
                  .should().dependOnClassesThat().resideInAnyPackage("io.opentelemetry.api..", "io.opentelemetry.context.."));

  /** The dashboard shows what the reports and analytics compute: no store, SQL, collector or other adapter. */
  @ArchTest
  static final ArchRule dashboardReadsReportsAndAnalyticsOnly =
      noClasses()
          .that().resideInAPackage(BASE + "web.ui..")
          .should().dependOnClassesThat()
          .resideInAnyPackage(BASE + "store..", BASE + "collect..", BASE + "pricing..", BASE + "capture..", BASE + "mcp..",
              BASE + "github..", BASE + "alerts..", BASE + "cli..", BASE + "app..", "java.sql..", "org.jdbi..");

  @ArchTest
  static final ArchRule onlyTheCompositionRootAndCliSeeTheJdbcAdapter =
      noClasses()
          .that().resideOutsideOfPackages(BASE + "store.jdbc..", BASE + "app..", BASE + "cli..")
          .should().dependOnClassesThat().resideInAPackage(BASE + "store.jdbc..");

  /**
   * The MCP server answers from the reports, analytics and budget status alone (the read services
   * the CLI and HTTP share): no store adapter, server assembly or CLI.
   */
  @ArchTest
  static final ArchRule mcpServesReportsOnly =
      classes()
          .that().resideInAPackage(BASE + "mcp..")
          .should().onlyDependOnClassesThat()
          .resideInAnyPackage(BASE + "mcp..", BASE + "report..", BASE + "analytics..", BASE + "budget..", BASE + "domain..",
              "java..", "com.fasterxml.jackson..", "io.modelcontextprotocol..", "jakarta.servlet..", "org.slf4j..");

  /** The log importers write through the collector and know nothing else of the system. */
  @ArchTest
  static final ArchRule logImportDependsOnCollectAndDomainOnly =
      classes()
          .that().resideInAPackage(BASE + "capture.logs..")
          .should().onlyDependOnClassesThat()
          .resideInAnyPackage(BASE + "capture.logs..", BASE + "collect..", BASE + "domain..", "java..",
              "com.fasterxml.jackson..");

  /** The PR comment adapter reads reports; it knows no store, collector, other adapter or SQL. */
  @ArchTest
  static final ArchRule githubCommentsReadOnlyReports =
      noClasses()
          .that().resideInAPackage(BASE + "github..")
          .should().dependOnClassesThat()
          .resideInAnyPackage(BASE + "store..", BASE + "collect..", BASE + "pricing..", BASE + "capture..",
              BASE + "mcp..", BASE + "web..", BASE + "cli..", BASE + "app..", "java.sql..");

  /** Alerts know the domain, the collector's threshold port and the store ports: no adapter, no GitHub. */
  @ArchTest
  static final ArchRule alertsDependOnTheCorePortsOnly =
      CompositeArchRule.of(
              classes()
                  .that().resideInAPackage(BASE + "alerts..")
                  .should().onlyDependOnClassesThat()
                  .resideInAnyPackage(BASE + "alerts..", BASE + "domain..", BASE + "collect", BASE + "store", "java..",
                      "com.fasterxml.jackson..", "org.slf4j.."))
          .and(
              noClasses()
                  .that().resideOutsideOfPackages(BASE + "alerts..", BASE + "app..")
                  .should().dependOnClassesThat().resideInAPackage(BASE + "alerts.."));
}
