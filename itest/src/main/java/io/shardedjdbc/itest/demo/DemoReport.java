package io.shardedjdbc.itest.demo;

import java.util.Map;

/**
 * Everything one demo run found out; {@link Report} turns it into text.
 *
 * @param routesLoad     statements per route kind while creating the schema and loading
 * @param routesWorkload statements per route kind during the sharded workload
 * @param serversWorkload statements per server (primaries and replicas, in topology order) during the workload
 * @param readsWorkload  auto-commit reads during the workload per consistency level, on primaries and on replicas
 *                       ({@code ShardedDataSource.readCounts()} keys)
 * @param direct         the same workload on one unsharded server; null when skipped ({@code directNote} says why)
 */
public record DemoReport(String target, DemoOptions options, DataShape shape, SocialSchema schema,
                         double loadSeconds, RowCensus.Result census, Map<String, Long> routesLoad,
                         Map<String, Long> routesWorkload, Map<String, Long> serversWorkload,
                         Map<String, Long> readsWorkload, WorkloadResult sharded, double directLoadSeconds,
                         WorkloadResult direct, String directNote) {
}
