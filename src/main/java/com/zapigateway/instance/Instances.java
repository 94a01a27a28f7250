package com.zapigateway.instance;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.zapigateway.crypto.TokenCipher;
import com.zapigateway.zapi.ZapiListedInstance;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The instance store as the lifecycle features (subscriptions, sync with Z-API, expiry
 * alerts, summaries) see it: SQL and state changes only, in short transactions. Never
 * calls Z-API; callers call Z-API between {@link #claim} and {@link #release}.
 */
@Component
public class Instances {

	private static final Sort SOONEST_DUE_FIRST = Sort.by(Sort.Order.asc("dueAt"), Sort.Order.asc("zapiId"));

	private static final Set<Lifecycle> RUNNING_OUT = EnumSet.of(Lifecycle.TRIAL, Lifecycle.CANCELLED);

	private static final Instant END = Instant.parse("9999-12-31T23:59:59Z");

	private final InstanceRepository instances;

	private final TrialPolicy trial;

	private final TrialProperties trialProperties;

	private final TokenCipher cipher;

	Instances(InstanceRepository instances, TrialPolicy trial, TrialProperties trialProperties, TokenCipher cipher) {
		this.instances = instances;
		this.trial = trial;
		this.trialProperties = trialProperties;
		this.cipher = cipher;
	}

	/**
	 * Now, to the microsecond PostgreSQL keeps.
	 * @return the current instant
	 */
	public Instant now() {
		return this.trial.now().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * Less than this left before the due date reads as {@code EXPIRING_SOON}.
	 * @return the window
	 */
	public Duration expiringSoonWindow() {
		return this.trialProperties.expiringSoonWindow();
	}

	/**
	 * A tenant's instance, with what a Z-API call about it needs (its token decrypted).
	 * @param tenantId the tenant
	 * @param instanceId Z-API's instance id
	 * @return the target
	 * @throws org.springframework.web.ErrorResponseException 404 if the tenant has no
	 * such instance
	 */
	@Transactional(readOnly = true)
	public Target target(String tenantId, String instanceId) {
		Instance instance = find(tenantId, instanceId);
		return new Target(instance.getTenantId(), instance.getZapiId(),
				this.cipher.open(instance.getSealedToken(), instance.getZapiId()), instance.getLifecycle());
	}

	/**
	 * Claims the right to call Z-API about an instance; a claim older than
	 * {@code staleAfter} is taken over (its holder died).
	 * @param target the instance
	 * @param operation what will be called
	 * @param staleAfter when a claim is abandoned
	 * @return {@code true} if claimed, {@code false} if another call is in flight
	 */
	@Transactional
	public boolean claim(Target target, String operation, Duration staleAfter) {
		Instant now = now();
		return this.instances.claim(target.tenantId(), target.zapiId(), operation, now, now.minus(staleAfter)) == 1;
	}

	@Transactional
	public void release(Target target, String operation) {
		this.instances.release(target.tenantId(), target.zapiId(), operation);
	}

	/**
	 * Records a subscription Z-API confirmed.
	 * @param target the instance
	 * @return the instance now
	 */
	@Transactional
	public InstanceView subscribed(Target target) {
		Instance instance = find(target.tenantId(), target.zapiId());
		instance.subscribed(now());
		return view(instance);
	}

	/**
	 * Records a cancellation Z-API confirmed.
	 * @param target the instance
	 * @return the instance now
	 */
	@Transactional
	public InstanceView cancelled(Target target) {
		Instance instance = find(target.tenantId(), target.zapiId());
		instance.cancelled(now());
		return view(instance);
	}

	@Transactional(readOnly = true)
	public InstanceView view(String tenantId, String instanceId) {
		return view(find(tenantId, instanceId));
	}

	/**
	 * Applies one page of Z-API's listing: due date, payment status, confirmation time.
	 * An instance on trial listed with one of {@code subscribedPaymentStatuses} is marked
	 * subscribed (outside the gateway). Instances the gateway did not create are ignored.
	 * @param listed the listed instances
	 * @param at when the page was read
	 * @param subscribedPaymentStatuses the payment statuses that mean subscribed (exact
	 * values)
	 * @return what was applied
	 */
	@Transactional
	public Listed listed(List<ZapiListedInstance> listed, Instant at, Set<String> subscribedPaymentStatuses) {
		Map<String, ZapiListedInstance> byId = new HashMap<>();
		listed.forEach((item) -> byId.put(item.id(), item));
		List<Instance> known = byId.isEmpty() ? List.of() : this.instances.findByZapiIdIn(byId.keySet());
		List<Subscribed> subscribed = new ArrayList<>();
		for (Instance instance : known) {
			ZapiListedInstance item = byId.get(instance.getZapiId());
			instance.listed(item.due(), item.paymentStatus(), at);
			String paymentStatus = item.paymentStatus();
			if (paymentStatus != null && subscribedPaymentStatuses.contains(paymentStatus)
					&& instance.subscribedOutsideGateway(at)) {
				subscribed.add(new Subscribed(instance.getTenantId(), instance.getZapiId(), paymentStatus));
			}
		}
		return new Listed(known.size(), List.copyOf(subscribed));
	}

	/**
	 * After a complete listing: instances past their due date that existed before the
	 * listing started and were not in it are suspected; suspected by an earlier complete
	 * listing too, they are marked deleted. Instances not yet due are never marked,
	 * whatever the listing says.
	 * @param seen every instance id the complete listing showed
	 * @param listedSince when the listing started
	 * @return the ids marked deleted
	 */
	@Transactional
	public List<String> deleteUnlisted(Set<String> seen, Instant listedSince) {
		Instant now = now();
		List<String> deleted = new ArrayList<>();
		for (String zapiId : this.instances.findLiveDueBefore(now, listedSince)) {
			if (!seen.contains(zapiId)) {
				Instance instance = this.instances.findByZapiId(zapiId).orElse(null);
				if (instance != null && instance.unlisted(now, listedSince)) {
					deleted.add(zapiId);
				}
			}
		}
		return deleted;
	}

	/**
	 * A tenant's counts by trial status and its next expiries.
	 * @param tenantId the tenant
	 * @param next how many upcoming expiries to list
	 * @return the summary
	 */
	@Transactional(readOnly = true)
	public Summary summary(String tenantId, int next) {
		Instant now = this.trial.now();
		Instant soon = now.plus(this.trialProperties.expiringSoonWindow());
		Map<TrialStatus, Long> counts = counts(this.instances.countByLifecycle(tenantId, now, soon));
		List<InstanceView> upcoming = (next <= 0) ? List.of()
				: this.instances
					.findByTenantDueBetween(tenantId, RUNNING_OUT, now, END, PageRequest.of(0, next, SOONEST_DUE_FIRST))
					.map(this::view)
					.getContent();
		return new Summary(tenantId, now, counts, upcoming);
	}

	/**
	 * Counts by trial status over all tenants (for metrics).
	 * @return the counts, every status present
	 */
	@Transactional(readOnly = true)
	public Map<TrialStatus, Long> countsByTrialStatus() {
		Instant now = this.trial.now();
		return counts(this.instances.countByLifecycle(now, now.plus(this.trialProperties.expiringSoonWindow())));
	}

	/**
	 * Instances on trial or with a cancelled subscription whose due date lies in
	 * {@code (after, until]}, soonest first, for expiry alerts.
	 * @param after exclusive lower bound
	 * @param until inclusive upper bound
	 * @param limit at most this many
	 * @return the instances
	 */
	@Transactional(readOnly = true)
	public List<InstanceView> runningOut(Instant after, Instant until, int limit) {
		return this.instances.findRunningOut(RUNNING_OUT, after, until, PageRequest.of(0, limit, SOONEST_DUE_FIRST))
			.stream()
			.map(this::view)
			.toList();
	}

	private static Map<TrialStatus, Long> counts(List<InstanceRepository.LifecycleCount> rows) {
		Map<TrialStatus, Long> counts = new EnumMap<>(TrialStatus.class);
		for (TrialStatus status : TrialStatus.values()) {
			counts.put(status, 0L);
		}
		for (InstanceRepository.LifecycleCount row : rows) {
			long all = row.getExpired() + row.getExpiringSoon() + row.getLater();
			switch (row.getLifecycle()) {
				case TRIAL, CANCELLED -> {
					counts.merge(TrialStatus.EXPIRED, row.getExpired(), Long::sum);
					counts.merge(TrialStatus.EXPIRING_SOON, row.getExpiringSoon(), Long::sum);
					counts.merge(TrialStatus.ACTIVE, row.getLater(), Long::sum);
				}
				case SUBSCRIBED -> counts.merge(TrialStatus.SUBSCRIBED, all, Long::sum);
				case DELETED -> counts.merge(TrialStatus.DELETED, all, Long::sum);
			}
		}
		return counts;
	}

	private Instance find(String tenantId, String instanceId) {
		return this.instances.findByTenantIdAndZapiId(tenantId, instanceId)
			.orElseThrow(() -> new InstanceNotFoundException(tenantId, instanceId));
	}

	private InstanceView view(Instance instance) {
		return InstanceView.of(instance, this.trial.evaluate(instance));
	}

	/**
	 * What a Z-API call about an instance needs.
	 *
	 * @param tenantId the owning tenant
	 * @param zapiId Z-API's instance id
	 * @param token the instance token (a secret: never logged)
	 * @param lifecycle its lifecycle when read
	 */
	public record Target(String tenantId, String zapiId, String token, Lifecycle lifecycle) {

		@Override
		public String toString() {
			return "Target[tenantId=" + this.tenantId + ", zapiId=" + this.zapiId + ", token=<redacted>, lifecycle="
					+ this.lifecycle + "]";
		}

	}

	/**
	 * What one page of Z-API's listing changed.
	 *
	 * @param known how many listed instances the gateway created (all updated)
	 * @param subscribed the instances on trial it marked subscribed (outside the gateway)
	 */
	public record Listed(int known, List<Subscribed> subscribed) {
	}

	/**
	 * An instance the sync found subscribed outside the gateway.
	 *
	 * @param tenantId the owning tenant
	 * @param zapiId Z-API's instance id
	 * @param paymentStatus the payment status Z-API listed it with
	 */
	public record Subscribed(String tenantId, String zapiId, String paymentStatus) {
	}

	/**
	 * A tenant's dashboard numbers.
	 *
	 * @param tenantId the tenant
	 * @param at when computed
	 * @param countsByTrialStatus how many instances are in each trial status (all
	 * present)
	 * @param nextExpiries the instances whose trial (or cancelled subscription) runs out
	 * next, soonest first
	 */
	public record Summary(String tenantId, Instant at, Map<TrialStatus, Long> countsByTrialStatus,
			List<InstanceView> nextExpiries) {
	}

}
