package com.zapigateway.instance;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * SQL access to instances. Every query is scoped by tenant; the list query is served by
 * the {@code (tenant_id, due_at, zapi_id)} index.
 */
interface InstanceRepository extends JpaRepository<Instance, UUID> {

	Optional<Instance> findByTenantIdAndZapiId(String tenantId, String zapiId);

	/**
	 * How many of a tenant's instances are still in their trial (subscribed, cancelled
	 * and deleted instances are not on trial), counting no further than {@code upTo}: the
	 * cap only needs to know whether the count reached it, and a bounded count stays one
	 * short index range scan however many instances a tenant has.
	 * @param tenantId the tenant
	 * @param now instances due after this count
	 * @param upTo the most rows to count
	 * @return the count, at most {@code upTo}
	 */
	@Query(value = """
			select count(*) from (select 1 from instances where tenant_id = :tenantId and due_at > :now
			and lifecycle = 'TRIAL' limit :upTo) as in_trial
			""", nativeQuery = true)
	long countInTrialUpTo(@Param("tenantId") String tenantId, @Param("now") Instant now, @Param("upTo") int upTo);

	/**
	 * A tenant's instances whose due date lies in {@code (dueAfter, dueUntil]}.
	 * @param tenantId the tenant
	 * @param dueAfter exclusive lower bound of the due date
	 * @param dueUntil inclusive upper bound of the due date
	 * @param pageable page and sort
	 * @return the page
	 */
	@Query("""
			select i from Instance i
			where i.tenantId = :tenantId and i.dueAt > :dueAfter and i.dueAt <= :dueUntil
			and i.lifecycle in :lifecycles
			""")
	Page<Instance> findByTenantDueBetween(@Param("tenantId") String tenantId,
			@Param("lifecycles") Collection<Lifecycle> lifecycles, @Param("dueAfter") Instant dueAfter,
			@Param("dueUntil") Instant dueUntil, Pageable pageable);

	Optional<Instance> findByZapiId(String zapiId);

	List<Instance> findByZapiIdIn(Collection<String> zapiIds);

	@Query("""
			select i from Instance i
			where i.lifecycle in :lifecycles and i.dueAt > :dueAfter and i.dueAt <= :dueUntil
			""")
	List<Instance> findRunningOut(@Param("lifecycles") Collection<Lifecycle> lifecycles,
			@Param("dueAfter") Instant dueAfter, @Param("dueUntil") Instant dueUntil, Pageable pageable);

	/**
	 * Instances not deleted whose due date has passed and that existed before a listing
	 * started: the candidates for "deleted by Z-API" when the listing does not show them.
	 */
	@Query("""
			select i.zapiId from Instance i
			where i.lifecycle <> com.zapigateway.instance.Lifecycle.DELETED
			and i.dueAt <= :now and i.createdAt < :listedSince
			""")
	List<String> findLiveDueBefore(@Param("now") Instant now, @Param("listedSince") Instant listedSince);

	/**
	 * A tenant's instance counts per lifecycle and due-date band, for the summary.
	 */
	@Query("""
			select i.lifecycle as lifecycle,
			sum(case when i.dueAt <= :now then 1 else 0 end) as expired,
			sum(case when i.dueAt > :now and i.dueAt <= :soon then 1 else 0 end) as expiringSoon,
			sum(case when i.dueAt > :soon then 1 else 0 end) as later
			from Instance i where i.tenantId = :tenantId group by i.lifecycle
			""")
	List<LifecycleCount> countByLifecycle(@Param("tenantId") String tenantId, @Param("now") Instant now,
			@Param("soon") Instant soon);

	/** The same counts over all tenants, for metrics. */
	@Query("""
			select i.lifecycle as lifecycle,
			sum(case when i.dueAt <= :now then 1 else 0 end) as expired,
			sum(case when i.dueAt > :now and i.dueAt <= :soon then 1 else 0 end) as expiringSoon,
			sum(case when i.dueAt > :soon then 1 else 0 end) as later
			from Instance i group by i.lifecycle
			""")
	List<LifecycleCount> countByLifecycle(@Param("now") Instant now, @Param("soon") Instant soon);

	/**
	 * A tenant's instances not deleted, counted by their last known connection state
	 * ({@code null}: never checked), for the summary.
	 */
	@Query("""
			select i.connectionState as state, count(i) as count
			from Instance i where i.tenantId = :tenantId
			and i.lifecycle <> com.zapigateway.instance.Lifecycle.DELETED
			group by i.connectionState
			""")
	List<ConnectionCount> countByConnectionState(@Param("tenantId") String tenantId);

	/**
	 * A tenant's instances on trial, not yet due, that no phone was ever seen connected
	 * to: the ones that will be lost unless someone connects them. Served by the partial
	 * index {@code ix_instances_trial_never_connected}.
	 */
	@Query("""
			select i from Instance i
			where i.tenantId = :tenantId and i.lifecycle = com.zapigateway.instance.Lifecycle.TRIAL
			and i.firstConnectedAt is null and i.dueAt > :now
			""")
	List<Instance> findTrialsNeverConnected(@Param("tenantId") String tenantId, @Param("now") Instant now,
			Pageable pageable);

	/** How many instances have one connection state ({@code null}: never checked). */
	interface ConnectionCount {

		@Nullable ConnectionState getState();

		long getCount();

	}

	/** Counts of one lifecycle split by due-date band. */
	interface LifecycleCount {

		Lifecycle getLifecycle();

		long getExpired();

		long getExpiringSoon();

		long getLater();

	}

}
