package com.zapigateway.instance;

import com.zapigateway.shared.web.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * No instance with that id belongs to the tenant (whether or not another tenant has one).
 */
class InstanceNotFoundException extends ErrorResponseException {

	InstanceNotFoundException(String tenantId, String instanceId) {
		super(HttpStatus.NOT_FOUND, ProblemTypes.create(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
				"Instance not found", "Tenant " + tenantId + " has no instance " + instanceId), null);
	}

}
