package com.zapigateway.instance;

import java.util.List;

/**
 * One page of a tenant's instances, soonest due first.
 *
 * @param content the instances on this page
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param totalElements instances matching the filter
 * @param totalPages pages at this size
 */
record InstancePage(List<InstanceView> content, int page, int size, long totalElements, int totalPages) {
}
