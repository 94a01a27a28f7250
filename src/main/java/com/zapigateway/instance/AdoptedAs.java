package com.zapigateway.instance;

/**
 * How an instance came to be held by the gateway other than by its own create's answer
 * (or the create's own lookup in Z-API's list).
 */
public enum AdoptedAs {

	/**
	 * Z-API listed it only after the gateway had concluded its create was absent: the
	 * sync's pass over the listing found its gateway reference and stored it under the
	 * create's tenant. If that create had already produced another instance, this one is
	 * a second billed instance ({@code duplicateOf}).
	 */
	LATE_LISTED

}
