'use client';

import type { ComponentType } from 'react';
import type { FieldValues } from 'react-hook-form';
import type { FormCodec } from './form-codec';
import { ConfigMapFields } from './kinds/config-map-fields';
import {
  backendTlsPolicyCodec,
  configMapCodec,
  endpointSliceCodec,
  gatewayClassCodec,
  gatewayCodec,
  httpRouteCodec,
  listenerSetCodec,
  referenceGrantCodec,
  serviceCodec,
  tlsRouteCodec,
  upstreamTlsPolicyCodec,
} from './kinds/codecs';
import { EndpointSliceFields } from './kinds/endpoint-slice-fields';
import { GatewayClassFields } from './kinds/gateway-class-fields';
import { GatewayFields } from './kinds/gateway-fields';
import { HttpRouteFields } from './kinds/http-route-fields';
import { ListenerSetFields } from './kinds/listener-set-fields';
import { ReferenceGrantFields } from './kinds/reference-grant-fields';
import { secretCodec } from './kinds/secret.codec';
import { SecretFields } from './kinds/secret-fields';
import { ServiceFields } from './kinds/service-fields';
import { BackendTlsPolicyFields, UpstreamTlsPolicyFields } from './kinds/tls-policy-fields';
import { TlsRouteFields } from './kinds/tls-route-fields';
import { ResourceEditor, type EditorProps, type FieldsProps } from './resource-editor';

export interface KindEditor {
  /** A blank object of the kind in a namespace, with the form's defaults. */
  blank: (namespace: string | undefined) => Record<string, unknown>;
  Editor: ComponentType<EditorProps>;
}

function editorFor<V extends FieldValues>(codec: FormCodec<V>, Fields: ComponentType<FieldsProps>): KindEditor {
  function Editor(props: EditorProps) {
    return <ResourceEditor codec={codec} Fields={Fields} {...props} />;
  }
  Editor.displayName = `${codec.kind}Editor`;
  return { blank: codec.blank, Editor };
}

/** The editor of every kind the console creates and edits, by API plural. */
export const EDITORS: Readonly<Record<string, KindEditor>> = {
  gateways: editorFor(gatewayCodec, GatewayFields),
  listenersets: editorFor(listenerSetCodec, ListenerSetFields),
  httproutes: editorFor(httpRouteCodec, HttpRouteFields),
  tlsroutes: editorFor(tlsRouteCodec, TlsRouteFields),
  services: editorFor(serviceCodec, ServiceFields),
  endpointslices: editorFor(endpointSliceCodec, EndpointSliceFields),
  upstreamtlspolicies: editorFor(upstreamTlsPolicyCodec, UpstreamTlsPolicyFields),
  backendtlspolicies: editorFor(backendTlsPolicyCodec, BackendTlsPolicyFields),
  secrets: editorFor(secretCodec, SecretFields),
  configmaps: editorFor(configMapCodec, ConfigMapFields),
  referencegrants: editorFor(referenceGrantCodec, ReferenceGrantFields),
  gatewayclasses: editorFor(gatewayClassCodec, GatewayClassFields),
};
