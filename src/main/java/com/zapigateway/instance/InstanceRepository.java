package com.zapigateway.instance;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

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

	boolean existsByZapiId(String zapiId);

	/**
	 * How many of a tenant's instances are still in their trial.
	 * @param tenantId the tenant
	 * @param now instances due after this count
	 * @return the count
	 */
	long countByTenantIdAndDueAtAfter(String tenantId, Instant now);

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
			""")
	Page<Instance> findByTenantDueBetween(@Param("tenantId") String tenantId, @Param("dueAfter") Instant dueAfter,
			@Param("dueUntil") Instant dueUntil, Pageable pageable);

}
