package com.zapigateway.sync;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * For operators, {@code GET /api/v1/admin/zapi-listing/untracked}: the instances Z-API
 * listed in the last complete sync pass that the gateway does not hold and does not
 * assign to any tenant (only clients configured with {@code operator: true}, see the
 * security configuration). Never calls Z-API: it answers what the last pass stored, the
 * same on every replica.
 */
@RestController
class UntrackedInstancesController {

	static final String PATH = "/api/v1/admin/zapi-listing/untracked";

	private final ListingCensus census;

	UntrackedInstancesController(ListingCensus census) {
		this.census = census;
	}

	@GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
	UntrackedInstances untracked() {
		return this.census.last()
			.map((found) -> new UntrackedInstances(found.completedAt(), found.listed(),
					new Untracked(found.unreferenced().count(), found.unreferenced().sample()),
					new Untracked(found.unknownReference().count(), found.unknownReference().sample())))
			.orElseGet(
					() -> new UntrackedInstances(null, null, new Untracked(0, List.of()), new Untracked(0, List.of())));
	}

	/**
	 * What the last complete pass found.
	 *
	 * @param listingCompletedAt when the last complete pass over Z-API's listing ended;
	 * {@code null} if none has yet (the counts are then 0 and mean "not known")
	 * @param listed how many instances that pass listed
	 * @param unreferenced instances whose name carries no gateway reference: made outside
	 * the gateway
	 * @param unknownReference instances whose name carries a gateway reference that
	 * matches no create the gateway keeps (purged, or another gateway's)
	 */
	record UntrackedInstances(@Nullable Instant listingCompletedAt, @Nullable Integer listed, Untracked unreferenced,
			Untracked unknownReference) {
	}

	/**
	 * @param count how many
	 * @param sample up to {@value ListingCensus#SAMPLE} of their Z-API ids
	 */
	record Untracked(int count, List<String> sample) {
	}

}
