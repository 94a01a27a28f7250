package com.zapigateway.instance;

import java.time.Instant;
import java.util.List;

import com.zapigateway.support.GatewayTest;
import com.zapigateway.zapi.OnDemandInstanceRequest;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.type.format.FormatMapper;
import org.hibernate.type.format.jackson.Jackson3JsonFormatMapper;
import org.junit.jupiter.api.Test;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The repository against a real PostgreSQL with the Flyway schema.
 */
@GatewayTest
// each test in a transaction rolled back at its end, as in a JPA slice
@Transactional
class InstanceRepositoryTests {

	private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

	private static final Sort BY_DUE = Sort.by(Sort.Order.asc("dueAt"), Sort.Order.asc("zapiId"));

	private static final java.util.Set<Lifecycle> ALL = java.util.EnumSet.allOf(Lifecycle.class);

	@Autowired
	private InstanceRepository repository;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private EntityManagerFactory entityManagerFactory;

	@Autowired
	private JsonMapper jsonMapper;

	@Test
	void storesAndFindsAnInstanceWithinItsTenantOnly() {
		OnDemandInstanceRequest request = new OnDemandInstanceRequest("Loja 1", "Loja", null,
				"https://hooks.example.com/r", null, null, null, null, null, true, null, null, null, null, null, null);
		this.repository.saveAndFlush(instance("acme", "Z1", request, T0.plusSeconds(60)));

		Instance found = this.repository.findByTenantIdAndZapiId("acme", "Z1").orElseThrow();
		assertThat(found.getSealedToken()).isEqualTo("token-Z1");
		assertThat(found.getName()).isEqualTo("Loja 1");
		assertThat(found.getSessionName()).isEqualTo("Loja");
		assertThat(found.getZapiRequest()).isEqualTo(request);
		assertThat(found.getDueAt()).isEqualTo(T0.plusSeconds(60));
		assertThat(this.repository.findByTenantIdAndZapiId("globex", "Z1")).isEmpty();
	}

	@Test
	void storesTheRequestAsJsonWithOnlyTheGivenFields() {
		this.repository.saveAndFlush(instance("acme", "Z2", OnDemandInstanceRequest.named("n"), T0));

		String json = this.jdbc.queryForObject("select zapi_request::text from instances where zapi_id = 'Z2'",
				String.class);
		assertThat(json).isEqualTo("{\"name\": \"n\"}");
	}

	@Test
	void zapiIdIsUnique() {
		this.repository.saveAndFlush(instance("acme", "DUP", OnDemandInstanceRequest.named("a"), T0));

		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(
				() -> this.repository.saveAndFlush(instance("globex", "DUP", OnDemandInstanceRequest.named("b"), T0)));
	}

	@Test
	void listsATenantsInstancesInADueRangeSoonestFirst() {
		this.repository
			.saveAllAndFlush(List.of(instance("acme", "C", OnDemandInstanceRequest.named("c"), T0.plusSeconds(30)),
					instance("acme", "A", OnDemandInstanceRequest.named("a"), T0.plusSeconds(10)),
					instance("acme", "B", OnDemandInstanceRequest.named("b"), T0.plusSeconds(10)),
					instance("acme", "OUT", OnDemandInstanceRequest.named("o"), T0.plusSeconds(100)),
					instance("globex", "G", OnDemandInstanceRequest.named("g"), T0.plusSeconds(20))));

		Page<Instance> page = this.repository.findByTenantDueBetween("acme", ALL, T0, T0.plusSeconds(30),
				PageRequest.of(0, 2, BY_DUE));

		assertThat(page.getContent()).extracting(Instance::getZapiId).containsExactly("A", "B");
		assertThat(page.getTotalElements()).isEqualTo(3);
		assertThat(this.repository
			.findByTenantDueBetween("acme", ALL, T0, T0.plusSeconds(30), PageRequest.of(1, 2, BY_DUE))
			.getContent()).extracting(Instance::getZapiId).containsExactly("C");
		assertThat(this.repository
			.findByTenantDueBetween("acme", ALL, T0.plusSeconds(10), T0.plusSeconds(30), PageRequest.of(0, 10, BY_DUE))
			.getContent()).extracting(Instance::getZapiId)
			.as("lower bound exclusive, upper bound inclusive")
			.containsExactly("C");
	}

	@Test
	void jsonColumnsAreReadWithTheApplicationMapperWhoseBuffersOutliveAThread() {
		FormatMapper formatMapper = this.entityManagerFactory.unwrap(SessionFactoryImplementor.class)
			.getSessionFactoryOptions()
			.getJsonFormatMapper();
		assertThat(formatMapper).isInstanceOf(Jackson3JsonFormatMapper.class);
		JsonMapper used = (JsonMapper) ReflectionTestUtils.getField(formatMapper, "jsonMapper");
		assertThat(used).as("the mapper that writes the column (Instances.store)").isSameAs(this.jsonMapper);
		// a virtual thread per request: buffers recycled per thread would be new on every
		// read
		assertThat(used.tokenStreamFactory()._getRecyclerPool())
			.isNotInstanceOf(JsonRecyclerPools.ThreadLocalPool.class);
	}

	@Test
	void countsATenantsInstancesInTrialNoFurtherThanAsked() {
		for (int i = 0; i < 5; i++) {
			this.repository.save(instance("acme", "TRIAL" + i, OnDemandInstanceRequest.named("n"), T0.plusSeconds(60)));
		}
		this.repository.save(instance("acme", "EXPIRED", OnDemandInstanceRequest.named("n"), T0.minusSeconds(1)));
		Instance subscribed = instance("acme", "PAID", OnDemandInstanceRequest.named("n"), T0.plusSeconds(60));
		subscribed.subscribed(T0, null);
		this.repository.save(subscribed);
		this.repository.save(instance("globex", "OTHER", OnDemandInstanceRequest.named("n"), T0.plusSeconds(60)));
		this.repository.flush();

		assertThat(this.repository.countInTrialUpTo("acme", T0, 50)).isEqualTo(5);
		assertThat(this.repository.countInTrialUpTo("acme", T0, 3)).isEqualTo(3);
		assertThat(this.repository.countInTrialUpTo("globex", T0, 50)).isEqualTo(1);
		assertThat(this.repository.countInTrialUpTo("acme", T0.plusSeconds(60), 50)).isZero();
	}

	private static Instance instance(String tenant, String zapiId, OnDemandInstanceRequest request, Instant due) {
		return new Instance(tenant, zapiId, "token-" + zapiId, request.name(), request, due, false, T0, "test-client");
	}

}
