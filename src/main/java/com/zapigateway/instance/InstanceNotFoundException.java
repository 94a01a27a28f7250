package com.zapigateway.instance;

import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.ProblemException;

/**
 * No instance with that id belongs to the tenant (whether or not another tenant has one).
 */
class InstanceNotFoundException extends ProblemException {

	InstanceNotFoundException(String tenantId, String instanceId) {
		super(Problem.INSTANCE_NOT_FOUND, tenantId, instanceId);
	}

}
