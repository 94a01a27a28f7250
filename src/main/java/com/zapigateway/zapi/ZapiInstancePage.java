package com.zapigateway.zapi;

import java.util.List;

/**
 * One page of Z-API's partner list.
 *
 * @param content the instances on this page (entries without id or token are skipped)
 * @param page the page number, from 1 as Z-API counts
 * @param totalPages pages in all, as Z-API reports it
 * @param total instances in all, as Z-API reports it
 */
public record ZapiInstancePage(List<ZapiListedInstance> content, int page, int totalPages, long total) {

	/**
	 * Whether a later page exists.
	 * @return {@code true} if {@code page < totalPages}
	 */
	public boolean hasNext() {
		return this.page < this.totalPages;
	}

}
