package dev.atoll.agent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Atoll node agent: runs the instances the control plane assigns to this node. */
@SpringBootApplication
public class NodeAgentApplication {

	public static void main(String[] args) {
		SpringApplication.run(NodeAgentApplication.class, args);
	}

}
